using System.Net.Mail;

namespace PartnerHub.Domain.Partners;

/// <summary>
/// An affiliate, IB or master IB. The IB tree has any depth: <see cref="ParentId"/> points up,
/// <see cref="Tier"/> is the depth (1 = top level), and <see cref="PartnerHierarchy"/> (a closure
/// table kept by <c>PartnerService</c>) answers "the downline of X" in one set-based query.
/// </summary>
public class Partner
{
    private readonly List<PartnerTag> _tags = [];
    private readonly List<ManagerAssignment> _assignments = [];

    private Partner() { } // EF

    public Partner(string name, string email, Vertical vertical, string country, DateTime createdAt)
    {
        Name = Guard.Required(name, nameof(Name), 200);
        Email = NormaliseEmail(email);
        Vertical = Guard.Defined(vertical, nameof(Vertical));
        Country = NormaliseCountry(country);
        CreatedAt = createdAt;
        Status = PartnerStatus.Applied;
        KycStatus = KycStatus.NotStarted;
        Tier = 1;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Company { get; private set; }
    public string Email { get; private set; } = "";
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; private set; } = "";
    /// <summary>IANA time zone id, used for quiet hours and date display.</summary>
    public string TimeZone { get; private set; } = "UTC";
    /// <summary>BCP 47 language tag.</summary>
    public string Language { get; private set; } = "en";
    public Vertical Vertical { get; private set; }
    public PartnerStatus Status { get; private set; }
    public KycStatus KycStatus { get; private set; }
    public string? Phone { get; private set; }
    public PayoutMethod PayoutMethod { get; private set; } = PayoutMethod.BankWire;
    /// <summary>Where payouts go (IBAN, wallet address, account e-mail). Shown masked (<see cref="MaskedBeneficiary"/>).</summary>
    public string? PayoutBeneficiary { get; private set; }
    /// <summary>ISO 4217.</summary>
    public string Currency { get; private set; } = "USD";
    public decimal PayoutThreshold { get; private set; } = 100m;
    public string? ManagerId { get; private set; }
    /// <summary>Why the partner's payouts are held (cannot move to processing or paid), or null. Set and cleared by the feature that holds them.</summary>
    public string? PayoutsHeldReason { get; private set; }
    public DateTime? PayoutsHeldSince { get; private set; }
    public int? ParentId { get; private set; }
    public Partner? Parent { get; private set; }
    public int Tier { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>When the partner relationship ended (status Terminated): retention periods run from here.</summary>
    public DateTime? EndedAt { get; private set; }
    /// <summary>When the person's data was erased on their request (pseudonymised; the financial records stay).</summary>
    public DateTime? ErasedAt { get; private set; }
    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<PartnerTag> Tags => _tags;
    public IReadOnlyCollection<ManagerAssignment> Assignments => _assignments;

    public void UpdateProfile(string name, string? company, string email, string country, string timeZone, string language)
    {
        Name = Guard.Required(name, nameof(Name), 200);
        Company = Guard.Optional(company, nameof(Company), 200);
        Email = NormaliseEmail(email);
        Country = NormaliseCountry(country);
        TimeZone = NormaliseTimeZone(timeZone);
        Language = Guard.Required(language, nameof(Language), 10);
        Touch();
    }

    public void SetContact(string? phone)
    {
        Phone = NormalisePhone(phone);
        Touch();
    }

    /// <summary>
    /// An international number as people write it: an optional leading +, digits with spaces, dots, dashes or brackets
    /// between them, 6 to 15 digits in all (E.164's longest). Null when empty.
    /// </summary>
    public static string? NormalisePhone(string? phone)
    {
        var p = Guard.Optional(phone, nameof(Phone), 40);
        if (p is null) return null;
        var body = p.StartsWith('+') ? p[1..] : p;
        var digits = body.Count(char.IsAsciiDigit);
        if (digits is < 6 or > 15 || !body.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' or '-' or '(' or ')') || !char.IsAsciiDigit(p[^1]))
            throw new DomainException("Enter a phone number such as +44 20 7946 0958.", nameof(Phone));
        return p;
    }

    public void SetBeneficiary(string? beneficiary)
    {
        PayoutBeneficiary = Guard.Optional(beneficiary, nameof(PayoutBeneficiary), 100);
        Touch();
    }

    /// <summary>The beneficiary with all but its last four characters hidden ("•••• 4821"); null when none is on file.</summary>
    public string? MaskedBeneficiary => Mask(PayoutBeneficiary);

    public static string? Mask(string? beneficiary)
    {
        if (string.IsNullOrWhiteSpace(beneficiary)) return null;
        var compact = beneficiary.Replace(" ", "");
        return compact.Length <= 4 ? "••••" : "•••• " + compact[^4..];
    }

    /// <summary>Holds the partner's payouts with a reason the payouts pages show. Returns false when they are already held.</summary>
    public bool HoldPayouts(string reason, DateTime at)
    {
        if (PayoutsHeldReason is not null) return false;
        PayoutsHeldReason = Guard.Required(reason, nameof(PayoutsHeldReason), 300);
        PayoutsHeldSince = at;
        return true;
    }

    /// <summary>Releases held payouts. Returns false when none were held.</summary>
    public bool ReleasePayouts()
    {
        if (PayoutsHeldReason is null) return false;
        PayoutsHeldReason = null;
        PayoutsHeldSince = null;
        return true;
    }

    public void SetPayoutTerms(PayoutMethod method, string currency, decimal threshold)
    {
        PayoutMethod = Guard.Defined(method, nameof(PayoutMethod));
        var c = Guard.Required(currency, nameof(Currency), 3).ToUpperInvariant();
        if (c.Length != 3 || !c.All(char.IsAsciiLetterUpper))
            throw new DomainException("Currency must be a three-letter ISO code such as USD.", nameof(Currency));
        Currency = c;
        PayoutThreshold = Guard.NotNegative(threshold, nameof(PayoutThreshold));
        Touch();
    }

    public void ChangeStatus(PartnerStatus to, DateTime at)
    {
        Guard.Defined(to, nameof(Status));
        var allowed = (Status, to) switch
        {
            (PartnerStatus.Applied, PartnerStatus.Active or PartnerStatus.Terminated) => true,
            (PartnerStatus.Active, PartnerStatus.Suspended or PartnerStatus.Terminated) => true,
            (PartnerStatus.Suspended, PartnerStatus.Active or PartnerStatus.Terminated) => true,
            _ => false,
        };
        if (!allowed)
            throw new DomainException($"A partner cannot move from {Status} to {to}.", nameof(Status));
        Status = to;
        if (to == PartnerStatus.Terminated) EndedAt = at;
        Touch();
    }

    /// <summary>The name, contact and payment details an erased partner shows instead of theirs.</summary>
    public static string ErasedName(int id) => $"Erased partner #{id}";
    public static string ErasedEmail(int id) => $"erased-partner-{id}@erased.invalid";

    /// <summary>Why the person's data cannot be erased now (already erased, or the relationship has not ended), or null.</summary>
    public string? ErasureBlocker() =>
        ErasedAt is { } at ? $"This partner's personal data was already erased on {at:yyyy-MM-dd}."
        : Status != PartnerStatus.Terminated
            ? "End the partner relationship first (change the status to Terminated): an active partner's details are needed to pay and reach them."
            : null;

    /// <summary>
    /// Replaces the person's details with a pseudonym (the id stays, so the financial records still point here). Only a
    /// terminated partner can be erased: an active relationship needs the person's details.
    /// </summary>
    public void Pseudonymise(DateTime at)
    {
        if (ErasureBlocker() is { } blocker) throw new DomainException(blocker);
        Name = ErasedName(Id);
        Company = null;
        Email = ErasedEmail(Id);
        Phone = null;
        PayoutBeneficiary = null;
        ErasedAt = at;
        Touch();
    }

    public void SetKycStatus(KycStatus status)
    {
        KycStatus = Guard.Defined(status, nameof(KycStatus));
        Touch();
    }

    public void SetTags(IEnumerable<string> tags)
    {
        var wanted = tags.Select(t => Guard.Required(t, "Tag", 40).ToLowerInvariant()).Distinct().ToList();
        _tags.RemoveAll(t => !wanted.Contains(t.Tag));
        foreach (var tag in wanted.Where(w => _tags.All(t => t.Tag != w)))
            _tags.Add(new PartnerTag(tag));
        Touch();
    }

    /// <summary>
    /// Assigns the relationship to a manager. The previous assignment is closed, not removed:
    /// the relationship's history outlives the manager.
    /// </summary>
    public ManagerAssignment AssignManager(string managerId, string? assignedById, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(managerId))
            throw new DomainException("Choose a manager.", "ManagerId");
        if (managerId == ManagerId)
            throw new DomainException("The partner is already assigned to this manager.", "ManagerId");
        foreach (var open in _assignments.Where(a => a.EndedAt is null))
            open.End(at);
        var assignment = new ManagerAssignment(managerId, assignedById, at);
        _assignments.Add(assignment);
        ManagerId = managerId;
        Touch();
        return assignment;
    }

    /// <summary>
    /// Moves the partner under <paramref name="parent"/> (or to the top with null).
    /// The parent's upline must be loaded (its <see cref="Parent"/> chain), so the cycle check sees
    /// every ancestor: a partner can never become its own ancestor.
    /// </summary>
    public void SetParent(Partner? parent)
    {
        if (parent is not null)
        {
            for (var p = parent; p is not null; p = p.Parent)
            {
                if (ReferenceEquals(p, this) || (Id != 0 && p.Id == Id))
                    throw new DomainException("A partner cannot be placed under itself or under its own downline.", "ParentId");
            }
            if (parent.Status == PartnerStatus.Terminated)
                throw new DomainException("A terminated partner cannot receive sub-partners.", "ParentId");
        }
        Parent = parent;
        // An unsaved parent has no id yet: EF sets the key from the navigation when both are saved.
        ParentId = parent is { Id: > 0 } ? parent.Id : null;
        Tier = parent is null ? 1 : parent.Tier + 1;
        Touch();
    }

    /// <summary>Used by the hierarchy service after a subtree moved, to keep the stored depth right.</summary>
    internal void SetTier(int tier) => Tier = tier;

    private void Touch() => Version++;

    public static string NormaliseEmail(string? email)
    {
        var e = Guard.Required(email, nameof(Email), 254).ToLowerInvariant();
        if (!MailAddress.TryCreate(e, out var parsed) || parsed.Address != e || !e.Contains('.', StringComparison.Ordinal))
            throw new DomainException("Enter a valid email address.", nameof(Email));
        return e;
    }

    private static string NormaliseCountry(string? country)
    {
        var c = Guard.Required(country, nameof(Country), 2).ToUpperInvariant();
        if (c.Length != 2 || !c.All(char.IsAsciiLetterUpper))
            throw new DomainException("Country must be a two-letter ISO code such as GB.", nameof(Country));
        return c;
    }

    private static string NormaliseTimeZone(string? timeZone)
    {
        var tz = Guard.Required(timeZone, nameof(TimeZone), 64);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            throw new DomainException($"'{tz}' is not a known time zone.", nameof(TimeZone));
        return tz;
    }
}

public class PartnerTag
{
    private PartnerTag() { }
    public PartnerTag(string tag) => Tag = tag;
    public int PartnerId { get; private set; }
    public string Tag { get; private set; } = "";
}

/// <summary>Who managed the relationship, from when to when.</summary>
public class ManagerAssignment
{
    private ManagerAssignment() { }

    internal ManagerAssignment(string managerId, string? assignedById, DateTime at)
    {
        ManagerId = managerId;
        AssignedById = assignedById;
        AssignedAt = at;
    }

    public int Id { get; private set; }
    public int PartnerId { get; private set; }
    public string ManagerId { get; private set; } = "";
    public string? AssignedById { get; private set; }
    public DateTime AssignedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }

    internal void End(DateTime at) => EndedAt = at;
}

/// <summary>
/// Closure table of the IB tree: one row per (ancestor, descendant) pair including (self, self) at depth 0.
/// "Downline of X" is <c>WHERE AncestorId = X AND Depth &gt; 0</c>; the upline is <c>WHERE DescendantId = X</c>.
/// </summary>
public class PartnerHierarchy
{
    private PartnerHierarchy() { }

    public PartnerHierarchy(Partner ancestor, Partner descendant, int depth)
    {
        Ancestor = ancestor;
        Descendant = descendant;
        AncestorId = ancestor.Id;
        DescendantId = descendant.Id;
        Depth = depth;
    }

    public PartnerHierarchy(int ancestorId, int descendantId, int depth)
    {
        AncestorId = ancestorId;
        DescendantId = descendantId;
        Depth = depth;
    }

    public int AncestorId { get; private set; }
    public Partner? Ancestor { get; private set; }
    public int DescendantId { get; private set; }
    public Partner? Descendant { get; private set; }
    public int Depth { get; private set; }
}
