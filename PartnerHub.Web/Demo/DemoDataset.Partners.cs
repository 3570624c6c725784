using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    private const int IGamingCount = 134;
    private const int PropCount = 48;
    private const int StandaloneIbCount = 14;
    private const int OtherMasterCount = 5;

    private readonly HashSet<string> _emails = new(StringComparer.Ordinal);
    private readonly HashSet<string> _brands = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The status each planned partner ends in; applied once the tree is built (a terminated partner takes no sub-IBs).</summary>
    private readonly Dictionary<SeedPartner, PartnerStatus> _pendingStatus = [];

    private sealed record CountryInfo(string Name, string TimeZone, string Language, string Locale, string Currency, int CpaTier);

    /// <summary>Locale "*xx" means one of the small name lists below (Bogus has no Latin-script names for it).</summary>
    private static readonly Dictionary<string, CountryInfo> Countries = new(StringComparer.Ordinal)
    {
        ["GB"] = new("the UK", "Europe/London", "en", "en_GB", "GBP", 1),
        ["IE"] = new("Ireland", "Europe/Dublin", "en", "en_IE", "EUR", 1),
        ["DE"] = new("Germany", "Europe/Berlin", "de", "de", "EUR", 1),
        ["SE"] = new("Sweden", "Europe/Stockholm", "sv", "sv", "EUR", 1),
        ["FI"] = new("Finland", "Europe/Helsinki", "fi", "fi", "EUR", 1),
        ["NL"] = new("the Netherlands", "Europe/Amsterdam", "nl", "nl", "EUR", 1),
        ["CA"] = new("Canada", "America/Toronto", "en", "en_CA", "USD", 1),
        ["NZ"] = new("New Zealand", "Pacific/Auckland", "en", "en", "USD", 1),
        ["AU"] = new("Australia", "Australia/Sydney", "en", "en_AU", "USD", 1),
        ["US"] = new("the US", "America/New_York", "en", "en_US", "USD", 1),
        ["MT"] = new("Malta", "Europe/Malta", "en", "en", "EUR", 2),
        ["CY"] = new("Cyprus", "Asia/Nicosia", "en", "*cy", "EUR", 2),
        ["ES"] = new("Spain", "Europe/Madrid", "es", "es", "EUR", 2),
        ["IT"] = new("Italy", "Europe/Rome", "it", "it", "EUR", 2),
        ["PL"] = new("Poland", "Europe/Warsaw", "pl", "pl", "EUR", 2),
        ["PT"] = new("Portugal", "Europe/Lisbon", "pt-PT", "pt_PT", "EUR", 2),
        ["ZA"] = new("South Africa", "Africa/Johannesburg", "en", "en_ZA", "USD", 2),
        ["AE"] = new("the UAE", "Asia/Dubai", "en", "*ae", "USD", 2),
        ["SG"] = new("Singapore", "Asia/Singapore", "en", "*my", "USD", 2),
        ["BR"] = new("Brazil", "America/Sao_Paulo", "pt-BR", "pt_BR", "USD", 3),
        ["MX"] = new("Mexico", "America/Mexico_City", "es-MX", "es_MX", "USD", 3),
        ["CO"] = new("Colombia", "America/Bogota", "es", "es", "USD", 3),
        ["IN"] = new("India", "Asia/Kolkata", "en", "en_IND", "USD", 3),
        ["NG"] = new("Nigeria", "Africa/Lagos", "en", "en_NG", "USD", 3),
        ["KE"] = new("Kenya", "Africa/Nairobi", "en", "*ke", "USD", 3),
        ["MY"] = new("Malaysia", "Asia/Kuala_Lumpur", "en", "*my", "USD", 3),
        ["TH"] = new("Thailand", "Asia/Bangkok", "th", "*th", "USD", 3),
        ["VN"] = new("Vietnam", "Asia/Ho_Chi_Minh", "vi", "vi", "USD", 3),
        ["ID"] = new("Indonesia", "Asia/Jakarta", "id", "id_ID", "USD", 3),
        ["PH"] = new("the Philippines", "Asia/Manila", "en", "en", "USD", 3),
    };

    private static readonly (string, double)[] IGamingCountries =
    [
        ("GB", 18), ("DE", 8), ("SE", 6), ("FI", 4), ("IE", 5), ("NL", 3), ("MT", 7), ("CY", 4), ("ES", 6), ("IT", 5),
        ("PL", 4), ("PT", 3), ("BR", 10), ("MX", 4), ("CA", 6), ("NZ", 3), ("ZA", 4), ("NG", 4), ("IN", 4), ("CO", 2),
    ];

    private static readonly (string, double)[] ForexCountries =
    [
        ("CY", 8), ("AE", 12), ("MY", 11), ("TH", 9), ("ZA", 9), ("NG", 11), ("VN", 7), ("ID", 7), ("GB", 5), ("DE", 3),
        ("AU", 5), ("BR", 5), ("KE", 4), ("SG", 4), ("PH", 4), ("IN", 4), ("CO", 3),
    ];

    private static readonly (string, double)[] PropCountries =
    [
        ("US", 10), ("GB", 9), ("DE", 5), ("AE", 7), ("NG", 9), ("ZA", 7), ("IN", 9), ("BR", 7), ("AU", 5), ("CA", 5), ("PL", 4), ("PH", 4),
    ];

    private static readonly Dictionary<string, (string[] First, string[] Last)> NameLists = new(StringComparer.Ordinal)
    {
        ["*ae"] = (["Ahmed", "Omar", "Khalid", "Yousef", "Faisal", "Hamdan", "Saeed", "Rashid", "Layla", "Noura", "Mariam", "Fatima", "Aisha", "Tariq", "Sultan", "Rania", "Samir", "Hadi"],
                   ["Al Mansoori", "Al Hashimi", "Khoury", "Al Falasi", "Nasser", "Al Suwaidi", "Farouk", "Aziz", "Saleh", "Al Zaabi", "Qasim", "Darwish", "Haddad", "Mansour"]),
        ["*th"] = (["Somchai", "Niran", "Kittipong", "Anan", "Pichai", "Siriporn", "Nattaya", "Kanya", "Ploy", "Thanawat", "Chaiwat", "Suda", "Wichai", "Arisa", "Prasert"],
                   ["Srisuk", "Wongsakul", "Chaiyaporn", "Thongchai", "Rattanakorn", "Boonmee", "Sukprasert", "Jaidee", "Kongkaew", "Phromma", "Saetang", "Charoenkul"]),
        ["*my"] = (["Ahmad", "Nurul", "Aisyah", "Hafiz", "Amir", "Siti", "Farid", "Aiman", "Syafiq", "Hana", "Wei Ling", "Jun Hao", "Priya", "Arjun", "Mei Ling", "Zul"],
                   ["Abdullah", "Ismail", "Rahman", "Hassan", "Yusof", "Tan", "Lim", "Wong", "Lee", "Ng", "Ibrahim", "Osman", "Krishnan", "Chong"]),
        ["*cy"] = (["Andreas", "Christos", "Giorgos", "Nikos", "Marios", "Elena", "Maria", "Katerina", "Sofia", "Panayiotis", "Stavros", "Anna", "Michalis", "Eleni", "Kyriakos"],
                   ["Georgiou", "Christodoulou", "Ioannou", "Constantinou", "Nicolaou", "Charalambous", "Papadopoulos", "Savva", "Demetriou", "Kyriacou", "Panayiotou", "Michael"]),
        ["*ke"] = (["Brian", "Kevin", "Faith", "Mercy", "Dennis", "Grace", "Collins", "Wanjiru", "Otieno", "Achieng", "Njeri", "Cynthia"],
                   ["Otieno", "Kamau", "Mwangi", "Ochieng", "Wanjiku", "Kiprop", "Njoroge", "Mutua", "Odhiambo", "Cheruiyot"]),
    };

    private static readonly string[] IGamingPrefixes = ["Spin", "Slot", "Casino", "Bet", "Jackpot", "Lucky", "Royal", "Ace", "Odds", "Reel", "Bonus", "Punter", "Stake", "Vegas", "Golden", "Wild", "Cash", "Goal", "Tipster", "Roulette"];
    private static readonly string[] IGamingSuffixes = ["Radar", "Guide", "Hub", "Insider", "Zone", "Review", "Finder", "Compare", "Club", "Tips", "Corner", "Planet", "Haven", "Report", "Scout", "Rank", "Geek", "Watch", "Hunter", "Critic"];
    private static readonly string[] ForexPrefixes = ["Apex", "Meridian", "Pip", "Falcon", "Summit", "Atlas", "Trend", "Alpha", "Orbit", "Harbor", "Crescent", "Pinnacle", "Vertex", "Zenith", "Lion", "Oasis", "Sterling", "Pioneer", "Nova", "Delta"];
    private static readonly string[] ForexSuffixes = ["FX", "Capital", "Markets", "Trading", "Invest", "Traders", "Wealth", "Partners", "Academy", "Signals"];
    private static readonly string[] PropPrefixes = ["Funded", "Prop", "Chart", "Candle", "Edge", "Breakout", "Momentum", "Scalp", "Swing", "Pips", "Bull", "Liquidity", "Order Flow", "Risk"];
    private static readonly string[] PropSuffixes = ["Academy", "Mentor", "Lab", "School", "Insights", "Room", "Journal", "Tribe", "Circle", "Desk"];

    private sealed record FixedIdentity(string Name, string? Company, string Email, string Country, string ContactFirst, string Site, IReadOnlyList<string> Tags,
        PayoutMethod Method, string Currency, decimal Threshold);

    // ---- planning (in memory) ----

    private void PlanPartners()
    {
        // The demo master IB and its tree come first, so parents always precede their sub-IBs.
        var master = NewPartner(Vertical.ForexIb, DemoMasterCreatedDaysAgo, PartnerStatus.Active, DemoRole.MasterIb,
            new FixedIdentity("Karim Haddad", "Haddad Capital Partners FZ-LLC", DemoAccounts.MasterIb, "AE", "Karim", "haddadcapital.example",
                ["vip", "education", "telegram"], PayoutMethod.BankWire, "USD", 250m));
        var demoSubs = new List<SeedPartner>();
        for (var i = 0; i < 12; i++)
        {
            var sub = i == 2
                ? NewPartner(Vertical.ForexIb, DemoSubCreatedDaysAgo, PartnerStatus.Active, DemoRole.SubIb,
                    new FixedIdentity("Lina Rahman", null, DemoAccounts.SubIb, "MY", "Lina", "linatrades.example",
                        ["social", "telegram"], PayoutMethod.Crypto, "USD", 100m), master)
                : NewSubIb(master, leafOk: i is not (0 or 5 or 8));
            demoSubs.Add(sub);
        }
        // Sub-IBs with their own sub-IBs (tier 3): the demo sub-IB and three more.
        foreach (var (sub, count) in new[] { (demoSubs[2], 2), (demoSubs[0], 3), (demoSubs[5], 2), (demoSubs[8], 1) })
            for (var j = 0; j < count; j++) NewSubIb(sub, leafOk: true);

        for (var m = 0; m < OtherMasterCount; m++)
        {
            var other = NewPartner(Vertical.ForexIb, I(420, 720), PartnerStatus.Active, DemoRole.None, null, isMaster: true);
            var count = I(5, 20);
            for (var i = 0; i < count; i++)
            {
                var withDownline = P(0.2);
                var sub = NewSubIb(other, leafOk: !withDownline);
                if (!withDownline) continue;
                for (var j = I(1, 3); j > 0; j--) NewSubIb(sub, leafOk: true);
            }
        }
        for (var i = 0; i < StandaloneIbCount; i++) NewPartner(Vertical.ForexIb, I(30, 700), RandomStatus(), DemoRole.None, null);

        NewPartner(Vertical.IGamingAffiliate, DemoPartnerCreatedDaysAgo, PartnerStatus.Active, DemoRole.Partner,
            new FixedIdentity("Oliver Grant", "TopSlotsGuide Media Ltd", DemoAccounts.Partner, "GB", "Oliver", "topslotsguide.example",
                ["vip", "seo", "email"], PayoutMethod.BankWire, "GBP", 100m));
        for (var i = 0; i < IGamingCount; i++) NewPartner(Vertical.IGamingAffiliate, I(5, 730), RandomStatus(), DemoRole.None, null);
        for (var i = 0; i < PropCount; i++) NewPartner(Vertical.PropTradingAffiliate, I(5, 540), RandomStatus(), DemoRole.None, null);

        foreach (var sp in _partners) ApplyStatus(sp);
    }

    private PartnerStatus RandomStatus() => Weighted<PartnerStatus>(
        [(PartnerStatus.Active, 80), (PartnerStatus.Applied, 7), (PartnerStatus.Suspended, 7), (PartnerStatus.Terminated, 6)]);

    private SeedPartner NewSubIb(SeedPartner parent, bool leafOk)
    {
        var parentDaysAgo = (_today - parent.CreatedAt.Date).Days;
        var status = leafOk ? RandomStatus() : PartnerStatus.Active;
        return NewPartner(Vertical.ForexIb, I(15, Math.Max(16, parentDaysAgo - 20)), status, DemoRole.None, null, parent);
    }

    private SeedPartner NewPartner(Vertical vertical, int createdDaysAgo, PartnerStatus status, DemoRole demo, FixedIdentity? fixedId,
        SeedPartner? parent = null, bool isMaster = false)
    {
        // An applicant applied recently; everyone else has had time to build history.
        if (status == PartnerStatus.Applied) createdDaysAgo = I(1, 25);
        else if (createdDaysAgo < 12) createdDaysAgo = I(12, 40);
        // A sub-IB joins after its master.
        if (parent is not null) createdDaysAgo = Math.Min(createdDaysAgo, (_today - parent.CreatedAt.Date).Days - 3);
        var createdAt = Day(createdDaysAgo, U(7.5, 18.5));

        FixedIdentity id;
        bool isCompany;
        if (fixedId is not null)
        {
            id = fixedId;
            isCompany = false;
        }
        else
        {
            var code = Weighted<string>(vertical switch
            {
                Vertical.IGamingAffiliate => IGamingCountries,
                Vertical.ForexIb => ForexCountries,
                _ => PropCountries,
            });
            (id, isCompany) = RandomIdentity(vertical, code);
        }
        var country = Countries[id.Country];

        var partner = new Partner(id.Name, id.Email, vertical, id.Country, createdAt);
        partner.UpdateProfile(id.Name, id.Company, id.Email, id.Country, country.TimeZone, country.Language);
        partner.SetPayoutTerms(id.Method, id.Currency, id.Threshold);
        partner.SetBeneficiary(DemoBeneficiary(id.Method, id.Email));

        var sp = new SeedPartner
        {
            Entity = partner,
            ContactFirstName = id.ContactFirst,
            CreatedAt = createdAt,
            CountryName = country.Name,
            Site = id.Site,
            IsCompany = isCompany,
            Demo = demo,
            IsMasterIb = isMaster || demo == DemoRole.MasterIb,
        };
        if (parent is not null)
        {
            partner.SetParent(parent.Entity);
            sp.Master = parent;
            parent.Subs.Add(sp);
            sp.SubShare = Pick([20m, 25m, 25m, 30m, 30m, 30m, 35m, 40m]);
            if (demo == DemoRole.SubIb) sp.SubShare = 30m;
        }

        sp.Profile = PlanProfile(sp, country);
        var tags = new List<string>(id.Tags);
        if (fixedId is null) tags.AddRange(RandomTags(sp));
        if (createdDaysAgo <= 60) tags.Add("new");
        partner.SetTags(tags);

        AssignManagers(sp);
        if (status == PartnerStatus.Suspended) sp.SuspendedAt = Day(I(8, 45), U(9, 17));
        _pendingStatus[sp] = status;
        _partners.Add(sp);
        return sp;
    }

    /// <summary>Status transitions as the portal would make them: every partner starts as Applied.</summary>
    private void ApplyStatus(SeedPartner sp)
    {
        var p = sp.Entity;
        var status = _pendingStatus[sp];
        switch (status)
        {
            case PartnerStatus.Applied:
                p.SetKycStatus(Weighted<KycStatus>([(KycStatus.NotStarted, 60), (KycStatus.Pending, 40)]));
                return;
            case PartnerStatus.Terminated when P(0.33):
                p.ChangeStatus(PartnerStatus.Terminated, p.CreatedAt.AddDays(30));
                break;
            default:
                p.ChangeStatus(PartnerStatus.Active, p.CreatedAt);
                if (status is PartnerStatus.Suspended or PartnerStatus.Terminated) p.ChangeStatus(status, p.CreatedAt.AddDays(60));
                break;
        }
        p.SetKycStatus(sp.Demo != DemoRole.None ? KycStatus.Verified : status switch
        {
            PartnerStatus.Active => Weighted<KycStatus>([(KycStatus.Verified, 74), (KycStatus.Pending, 10), (KycStatus.Expired, 8), (KycStatus.Rejected, 8)]),
            _ => Weighted<KycStatus>([(KycStatus.Verified, 45), (KycStatus.Rejected, 30), (KycStatus.Expired, 25)]),
        });
    }

    private void AssignManagers(SeedPartner sp)
    {
        var maya = _users.ManagerId;
        var tom = _users.Manager2Id;
        var manager = sp.Demo != DemoRole.None || P(0.55) ? maya : tom;
        var reassigned = manager == maya && (sp.Demo is DemoRole.Partner or DemoRole.MasterIb || (sp.Demo == DemoRole.None && P(0.18)));
        var ageDays = (_today - sp.CreatedAt.Date).Days;
        if (reassigned && ageDays < 50) reassigned = false;

        sp.Entity.AssignManager(reassigned ? tom : manager, _users.AdminId, sp.CreatedAt.AddHours(U(1, 5)));
        sp.ManagerId = manager;
        if (!reassigned) return;
        sp.PreviousManagerId = tom;
        sp.ReassignedAt = Day(I(10, Math.Min(ageDays - 30, 300)), U(9, 17));
        sp.Entity.AssignManager(maya, _users.AdminId, sp.ReassignedAt.Value);
    }

    private PerformanceProfile PlanProfile(SeedPartner sp, CountryInfo country)
    {
        switch (sp.Demo)
        {
            case DemoRole.Partner: return new() { Base = 700, Slope = 0.45, Rate1 = 0.035, Rate2 = 0.26, Ticket = 150, Multiplier = 2.2, Hold = 0.34 };
            case DemoRole.MasterIb: return new() { Base = 48, Slope = 0.4, Rate1 = 1.4 };
            case DemoRole.SubIb: return new() { Base = 12, Slope = 0.6, Rate1 = 1.1 };
        }
        switch (sp.Vertical)
        {
            case Vertical.IGamingAffiliate:
                var size = Weighted<int>([(0, 50), (1, 35), (2, 15)]);
                return new()
                {
                    Base = size switch { 0 => U(20, 80), 1 => U(80, 300), _ => U(300, 900) },
                    Slope = U(-0.35, 0.8),
                    Rate1 = U(0.02, 0.05),
                    Rate2 = U(0.22, 0.40),
                    Ticket = country.CpaTier switch { 1 => U(90, 220), 2 => U(60, 140), _ => U(25, 70) },
                    Multiplier = U(1.6, 2.8),
                    Hold = U(0.26, 0.40),
                };
            case Vertical.ForexIb:
                var tier = sp.Entity.Tier;
                return new()
                {
                    Base = sp.IsMasterIb ? U(12, 45) : tier switch { 2 => U(1.5, 16), 3 => U(0.4, 5), _ => U(1.5, 22) },
                    Slope = U(-0.3, 0.7),
                    Rate1 = U(0.6, 2.5),
                };
            default:
                return new()
                {
                    Base = U(2, 40),
                    Slope = U(-0.2, 0.9),
                    Rate1 = U(0.12, 0.30),
                    Rate2 = U(0.05, 0.12),
                    Ticket = U(119, 199),
                };
        }
    }

    // ---- saving ----

    private async Task SavePartnersAsync(CancellationToken ct)
    {
        _db.Partners.AddRange(_partners.Select(p => p.Entity));
        foreach (var sp in _partners)
        {
            // Closure table: (self, self, 0) and one row per ancestor at its distance.
            _db.PartnerHierarchy.Add(new PartnerHierarchy(sp.Entity, sp.Entity, 0));
            var depth = 1;
            for (var up = sp.Master; up is not null; up = up.Master, depth++)
                _db.PartnerHierarchy.Add(new PartnerHierarchy(up.Entity, sp.Entity, depth));
        }
        await SaveAsync(ct);

        // The three partner logins act for their partner records.
        var logins = new Dictionary<string, SeedPartner>(StringComparer.Ordinal)
        {
            [_users.PartnerUserId] = DemoPartner,
            [_users.MasterUserId] = DemoMaster,
            [_users.SubUserId] = DemoSub,
        };
        var loginIds = logins.Keys.ToList();
        foreach (var user in await _db.Users.Where(u => loginIds.Contains(u.Id)).ToListAsync(ct))
        {
            var sp = logins[user.Id];
            user.PartnerId = sp.Id;
            sp.UserId = user.Id;
        }
        await SaveAsync(ct, clear: true);

        foreach (var sp in _partners.Where(p => p.ReassignedAt is not null))
        {
            Event(EventTypes.ManagerReassigned, sp, "Partner", sp.Id,
                new { partnerId = sp.Id, fromManagerId = sp.PreviousManagerId, toManagerId = sp.ManagerId, from = ManagerName(sp.PreviousManagerId!), to = ManagerName(sp.ManagerId) },
                sp.ReassignedAt!.Value, _users.AdminId);
        }
    }

    /// <summary>A made-up payout destination of the method's shape, derived from the e-mail (no draw from the seeded random, so the rest of the data stays as it was).</summary>
    private static string DemoBeneficiary(PayoutMethod method, string email)
    {
        var digits = email.Aggregate(17u, (h, c) => unchecked(h * 31 + c)).ToString("D10", CultureInfo.InvariantCulture)[..8];
        return method switch
        {
            PayoutMethod.BankWire => $"GB29 NWBK 6016 13{digits[..2]} {digits[2..6]} {digits[6..]}",
            PayoutMethod.Crypto => $"0x9f3c{digits}a71e{digits}",
            _ => email,
        };
    }
}
