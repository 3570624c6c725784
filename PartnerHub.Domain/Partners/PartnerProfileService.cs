using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Partners;

/// <summary>
/// The partner's own profile as the portal shows it. The beneficiary only ever leaves masked; <see cref="Version"/> is
/// the concurrency token the edit sends back.
/// </summary>
public sealed record OwnProfile(
    int PartnerId, string Name, string? Company, string Email, string? Phone, string Country, string TimeZone, string Language,
    PayoutMethod PayoutMethod, string? MaskedBeneficiary, string Currency, string? ManagerName, int Version);

/// <summary>The contact details and preferences a partner edits for itself.</summary>
public sealed class ProfileEdit
{
    public string Name { get; set; } = "";
    public string? Company { get; set; }
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public string Country { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public string Language { get; set; } = "en";
}

/// <summary>
/// The portal's profile page: a partner reads and edits only its own contact details, time zone and language (the
/// partner id comes from the <see cref="Actor"/>, and an edit naming another partner is refused). The payout method and
/// beneficiary are read-only here: changing where money goes is for the partner's manager, so a taken-over session
/// cannot redirect payouts. Every edit is audited with the fields that changed.
/// </summary>
public sealed partial class PartnerProfileService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <summary>The portal page of the profile, where KYC notifications lead.</summary>
    public const string PortalLink = "/portal/profile";

    /// <summary>The languages the profile offers, by BCP 47 tag (a partner keeps any other well-formed tag it already has).</summary>
    public static IReadOnlyList<(string Tag, string Name)> Languages { get; } =
    [
        ("en", "English"), ("ar", "Arabic"), ("de", "German"), ("es", "Spanish"), ("fi", "Finnish"), ("fr", "French"),
        ("id", "Indonesian"), ("it", "Italian"), ("nl", "Dutch"), ("pl", "Polish"), ("pt", "Portuguese"), ("pt-BR", "Portuguese (Brazil)"),
        ("sv", "Swedish"), ("th", "Thai"), ("vi", "Vietnamese"), ("zh", "Chinese"),
    ];

    public async Task<OwnProfile> GetAsync(Actor actor, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await (
            from p in db.Partners.AsNoTracking()
            where p.Id == partnerId
            join m in db.Users on p.ManagerId equals m.Id into managers
            from m in managers.DefaultIfEmpty()
            select new { Partner = p, ManagerName = m != null ? m.DisplayName : null }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Your partner record was not found.");
        var own = row.Partner;
        return new OwnProfile(own.Id, own.Name, own.Company, own.Email, own.Phone, own.Country, own.TimeZone, own.Language, own.PayoutMethod,
            own.MaskedBeneficiary, own.Currency, row.ManagerName, own.Version);
    }

    /// <summary>Saves the partner's own contact details and preferences; returns the new version.</summary>
    /// <exception cref="DomainException">At the field: Name, Company, Email, Phone, Country, TimeZone or Language.</exception>
    /// <exception cref="AccessDeniedException">Not a partner, or <paramref name="partnerId"/> is not the caller's own.</exception>
    public async Task<int> UpdateAsync(Actor actor, int partnerId, int seenVersion, ProfileEdit edit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (RequirePartner(actor) != partnerId) throw new AccessDeniedException("You can only edit your own profile.");
        if (edit.Language is null || !LanguageTag().IsMatch(edit.Language)) throw new DomainException("Choose a language from the list.", nameof(ProfileEdit.Language));
        var now = clock.GetUtcNow().UtcDateTime;

        await using var db = await factory.CreateDbContextAsync(ct);
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, ct)
            ?? throw new NotFoundException("Your partner record was not found.");
        if (partner.Version != seenVersion)
            throw new DomainException("Your profile was changed elsewhere. Reload the page and make your change again.");
        var before = Snapshot(partner);
        partner.UpdateProfile(edit.Name, edit.Company, edit.Email, edit.Country, edit.TimeZone, edit.Language);
        partner.SetContact(edit.Phone);
        if (partner.Email != before["email"] && await db.Partners.AnyAsync(p => p.Email == partner.Email && p.Id != partnerId, ct))
            throw new DomainException("Another partner uses this e-mail address.", nameof(ProfileEdit.Email));

        var after = Snapshot(partner);
        var changed = after.Where(kv => before[kv.Key] != kv.Value).ToDictionary(kv => kv.Key, kv => new { from = before[kv.Key], to = kv.Value });
        if (changed.Count == 0) return seenVersion; // nothing to save (the setters bumped the tracked version only)
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Audit(actor, now, "partner.profile.updated", nameof(Partner), partnerId, partnerId, new { changed });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return partner.Version;
    }

    private static Dictionary<string, string?> Snapshot(Partner p) => new(StringComparer.Ordinal)
    {
        ["name"] = p.Name, ["company"] = p.Company, ["email"] = p.Email, ["phone"] = p.Phone,
        ["country"] = p.Country, ["timeZone"] = p.TimeZone, ["language"] = p.Language,
    };

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2,3}(-[A-Z]{2})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LanguageTag();

    private static int RequirePartner(Actor actor) =>
        actor.IsPartner && actor.PartnerId is { } id ? id : throw new AccessDeniedException("The profile page is for partners.");
}
