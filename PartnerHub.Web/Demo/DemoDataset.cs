using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Bogus;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Data;

namespace PartnerHub.Web.Demo;

/// <summary>
/// Builds the demo dataset through the entities' own constructors and methods, in a fixed order with a
/// fixed random seed, so every run produces the same rows relative to <c>today</c>. One instance per run.
/// Phases save in dependency order (ids are needed by later phases) and clear the change tracker between them.
/// </summary>
internal sealed partial class DemoDataset
{
    internal const int DemoPartnerCreatedDaysAgo = 610;
    internal const int DemoMasterCreatedDaysAgo = 700;
    internal const int DemoSubCreatedDaysAgo = 480;
    private const int Seed = 20261123;

    // Escapes what is unsafe in HTML, but leaves currency symbols and accents readable in stored snapshots.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly AppDbContext _db;
    /// <summary>UTC midnight of the seeding day; every historic date is derived from it.</summary>
    private readonly DateTime _today;
    /// <summary>The real clock, used only where an entity checks "must be in the future".</summary>
    private readonly DateTime _now;
    /// <summary>Nothing historic happens after this: 22:00 the day before <see cref="_today"/>.</summary>
    private readonly DateTime _latest;
    private readonly DemoUsers _users;
    private readonly Randomizer _rnd = new(Seed);
    private readonly Dictionary<string, Faker> _fakers = new(StringComparer.Ordinal);
    private readonly List<SeedPartner> _partners = [];
    private readonly List<DomainEvent> _events = [];

    public DemoDataset(AppDbContext db, DateTime today, DateTime now, DemoUsers users)
    {
        _db = db;
        _today = DateTime.SpecifyKind(today.Date, DateTimeKind.Utc);
        _now = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        _latest = _today.AddHours(-2);
        _users = users;
    }

    private SeedPartner DemoPartner => _partners.Single(p => p.Demo == DemoRole.Partner);
    private SeedPartner DemoMaster => _partners.Single(p => p.Demo == DemoRole.MasterIb);
    private SeedPartner DemoSub => _partners.Single(p => p.Demo == DemoRole.SubIb);

    public async Task BuildAsync(CancellationToken ct)
    {
        PlanPartners();
        await SavePartnersAsync(ct);
        await CreateDealsAsync(ct);
        GeneratePerformance();
        await SavePerformanceAsync(ct);
        await CreateCommissionsAndPayoutsAsync(ct);
        await CreateRecordsAsync(ct);
        await CreateAnnouncementsAsync(ct);
        await CreateMessagingAsync(ct);
        await CreateEventsAndNotificationsAsync(ct);
        await CreateFormerPartnersAsync(ct);

        _db.AuditLog.Add(new AuditEntry(_now, null, "system", null, "demo.seeded", "Database", null, null,
            JsonSerializer.Serialize(new { partners = _partners.Count, seed = Seed, today = _today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, Json)));
        await SaveAsync(ct);
    }

    // ---- saving ----

    private async Task SaveAsync(CancellationToken ct, bool clear = false)
    {
        _db.ChangeTracker.DetectChanges();
        await _db.SaveChangesAsync(ct);
        if (clear) _db.ChangeTracker.Clear();
    }

    // ---- time: everything is relative to _today ----

    /// <summary><paramref name="daysAgo"/> days before today at <paramref name="hour"/> (UTC).</summary>
    private DateTime Day(int daysAgo, double hour) => Cap(_today.AddDays(-daysAgo).AddHours(hour));

    /// <summary>Keeps a computed historic time from drifting past yesterday evening.</summary>
    private DateTime Cap(DateTime t) => t < _latest ? t : _latest;

    private static DateTime At(DateOnly date, double hour) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(hour);

    private DateOnly TodayDate => DateOnly.FromDateTime(_today);

    /// <summary>A time during office hours, <paramref name="minDays"/> to <paramref name="maxDays"/> days after <paramref name="from"/>.</summary>
    private DateTime Later(DateTime from, double minDays, double maxDays)
    {
        var d = from.Date.AddDays(I((int)Math.Floor(minDays), (int)Math.Ceiling(maxDays))).AddHours(U(8.5, 17.5));
        if (d <= from) d = from.AddHours(U(0.5, 3));
        return Cap(d);
    }

    // ---- randomness (one seeded stream; never the global Randomizer.Seed) ----

    private double U(double min, double max) => _rnd.Double(min, max);
    private int I(int min, int max) => _rnd.Number(min, max);
    private bool P(double probability) => _rnd.Double() < probability;
    private T Pick<T>(IReadOnlyList<T> items) => items[_rnd.Number(0, items.Count - 1)];

    private T Weighted<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var total = items.Sum(i => i.Weight);
        var x = _rnd.Double() * total;
        foreach (var (item, weight) in items)
        {
            if (x < weight) return item;
            x -= weight;
        }
        return items[^1].Item;
    }

    /// <summary>Rounds up or down with probability equal to the fraction, so small daily rates still add up.</summary>
    private int Stochastic(double x)
    {
        if (x <= 0) return 0;
        var floor = Math.Floor(x);
        return (int)floor + (_rnd.Double() < x - floor ? 1 : 0);
    }

    private static decimal Money(double x) => decimal.Round((decimal)x, 2, MidpointRounding.AwayFromZero);

    private Faker FakerFor(string locale)
    {
        if (!_fakers.TryGetValue(locale, out var faker))
            _fakers[locale] = faker = new Faker(locale) { Random = _rnd };
        return faker;
    }

    // ---- text ----

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);

    private static string Amount(decimal amount, string currency)
    {
        var symbol = currency switch { "USD" => "$", "EUR" => "€", "GBP" => "£", _ => "" };
        var n = amount.ToString("N2", CultureInfo.InvariantCulture);
        return symbol.Length > 0 ? symbol + n : n + " " + currency;
    }

    private static string MonthName(DateOnly d) => d.ToString("MMMM", CultureInfo.InvariantCulture);

    private string ManagerName(string userId) =>
        userId == _users.ManagerId ? "Maya Levi" : userId == _users.Manager2Id ? "Tom Becker" : userId == _users.AdminId ? "Daniel Reyes" : "Priya Nair";

    private string OtherManager(string userId) => userId == _users.ManagerId ? _users.Manager2Id : _users.ManagerId;

    private void Event(string type, SeedPartner? partner, string? recordType, object? recordId, object payload, DateTime at, string? actor)
    {
        var e = new DomainEvent(type, partner?.Entity.Id, recordType, recordId?.ToString(), JsonSerializer.Serialize(payload, Json), at, actor)
        {
            // History: already dispatched, so the automation dispatcher will not send it again.
            ProcessedAt = at,
            Attempts = 1,
        };
        _events.Add(e);
    }
}

internal enum DemoRole { None, Partner, MasterIb, SubIb }

/// <summary>A partner being seeded, with what the seeder needs to know about it beyond the entity.</summary>
internal sealed class SeedPartner
{
    public required Partner Entity { get; init; }
    public required string ContactFirstName { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required string CountryName { get; init; }
    public required string Site { get; init; }
    public bool IsCompany { get; init; }
    public DemoRole Demo { get; init; }
    /// <summary>A tier-1 Forex IB planned with a downline.</summary>
    public bool IsMasterIb { get; init; }
    /// <summary>The partner login, only for the three demo partners.</summary>
    public string? UserId { get; set; }

    public SeedPartner? Master { get; set; }
    public List<SeedPartner> Subs { get; } = [];
    /// <summary>Sub-IBs: the share of the master's per-lot rate they receive.</summary>
    public decimal SubShare { get; set; }

    public string ManagerId { get; set; } = "";
    public string? PreviousManagerId { get; set; }
    public DateTime? ReassignedAt { get; set; }
    public DateTime? SuspendedAt { get; set; }

    public Deal? Deal { get; set; }
    public List<DealVersion> Versions { get; } = [];
    public Dictionary<InstrumentClass, double> LotMix { get; } = [];
    public PerformanceProfile Profile { get; set; } = new();
    public DateOnly FirstDay { get; set; }
    public DayFigures[] Days { get; set; } = [];

    public Vertical Vertical => Entity.Vertical;
    public bool HasActivity => Entity.Status is PartnerStatus.Active or PartnerStatus.Suspended;
    public int Id => Entity.Id;

    /// <summary>The manager responsible at <paramref name="at"/> (before a reassignment it was the previous one).</summary>
    public string ManagerAt(DateTime at) => ReassignedAt is { } r && at < r && PreviousManagerId is not null ? PreviousManagerId : ManagerId;

    public DealVersion? VersionAt(DateOnly date) => Versions.Where(v => v.EffectiveFrom <= date).MaxBy(v => v.EffectiveFrom);

    public IEnumerable<DayFigures> DaysIn(DateOnly from, DateOnly to)
    {
        for (var i = 0; i < Days.Length; i++)
        {
            var d = FirstDay.AddDays(i);
            if (d >= from && d <= to) yield return Days[i];
        }
    }
}

/// <summary>How a partner's traffic behaves: a base level, a trend over the window, and vertical ratios.</summary>
internal sealed record PerformanceProfile
{
    public double Base { get; init; }
    public double Slope { get; init; }
    public double Rate1 { get; init; }
    public double Rate2 { get; init; }
    public double Ticket { get; init; }
    public double Multiplier { get; init; }
    public double Hold { get; init; }
}

internal struct DayFigures
{
    public int Clicks, Registrations, Ftds, ActiveTraders, SignUps, ChallengesSold, FundedAccounts;
    public decimal Deposits, NetGamingRevenue, Lots, Volume, NetDeposits;
}
