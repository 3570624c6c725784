using Bogus;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Domain;

/// <summary>
/// Bogus fakers for valid domain objects. Every faker is seeded, so a failing test fails the same
/// way on every run; a test that cares about a value sets it explicitly.
/// </summary>
internal static class Fakes
{
    public const int Seed = 20261123;

    /// <summary>The "now" of the domain tests.</summary>
    public static readonly DateTime Now = new(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);

    public static readonly string[] Countries = ["GB", "DE", "CY", "AE", "ZA", "MY", "BR"];

    public static Faker<Partner> Partners(int seed = Seed) => new Faker<Partner>()
        .UseSeed(seed)
        .CustomInstantiator(f =>
        {
            var first = f.Name.FirstName();
            var last = f.Name.LastName();
            return new Partner(
                $"{first} {last}",
                f.Internet.Email(first, last, "example.com", uniqueSuffix: f.IndexFaker.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                f.PickRandom<Vertical>(),
                f.PickRandom(Countries),
                Now.AddDays(-f.Random.Int(1, 400)));
        });

    public static Partner Partner(int seed = Seed) => Partners(seed).Generate();

    /// <summary>Valid terms for the deal type: CPA and RevShare where needed, distinct lot rates for lot-based deals.</summary>
    public static DealTerms TermsFor(DealType type, int seed = Seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        var needsCpa = type is DealType.Cpa or DealType.Hybrid;
        var needsRev = type is DealType.RevShare or DealType.Hybrid;
        IReadOnlyList<LotRateTerm> rates = type == DealType.LotBased
            ? f.PickRandom(Enum.GetValues<InstrumentClass>(), f.Random.Int(1, 4))
                .Select(c => new LotRateTerm(c, Math.Round(f.Random.Decimal(1m, 15m), 2), f.Random.Bool() ? Math.Round(f.Random.Decimal(0.5m, 3m), 1) : null))
                .ToList()
            : [];
        return new DealTerms(
            needsCpa ? f.Random.Int(50, 600) : null,
            needsRev ? f.Random.Int(15, 50) : null,
            type == DealType.LotBased ? f.Random.Int(10, 40) : null,
            "USD",
            rates,
            f.Lorem.Sentence());
    }

    public static Deal Deal(DealType type, int seed = Seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        return new Deal(f.Random.Int(1, 1000), $"{f.Commerce.ProductAdjective()} {type} deal", type, Now.AddDays(-30));
    }

    public static Faker<CommissionLine> CommissionLines(int partnerId, int seed = Seed) => new Faker<CommissionLine>()
        .UseSeed(seed)
        .CustomInstantiator(f =>
        {
            var start = DateOnly.FromDateTime(Now).AddMonths(-1 - f.Random.Int(0, 5));
            return new CommissionLine(partnerId, f.Random.Int(1, 500), start, start.AddMonths(1).AddDays(-1),
                f.PickRandom<CommissionBasis>(), f.Random.Decimal(10m, 5_000m), "USD", Now.AddDays(-1));
        });

    /// <summary>Lines of one partner, already approved.</summary>
    public static List<CommissionLine> ApprovedLines(int partnerId, int count, int seed = Seed)
    {
        var lines = CommissionLines(partnerId, seed).Generate(count);
        foreach (var line in lines) line.Approve("approver-1", Now.AddHours(-2));
        return lines;
    }

    public static Faker<Message> OperatorMessages(string authorUserId, int seed = Seed) => new Faker<Message>()
        .UseSeed(seed)
        .CustomInstantiator(f => new Message(f.Random.Long(1, 1000), MessageAuthorKind.Operator, authorUserId, null, f.Lorem.Paragraph(), Now));

    public static Faker<Announcement> Announcements(AnnouncementAudience audience, int seed = Seed) => new Faker<Announcement>()
        .UseSeed(seed)
        .CustomInstantiator(f => new Announcement(f.Lorem.Sentence(4), f.Lorem.Paragraphs(2), f.PickRandom<AnnouncementCategory>(),
            audience, "author-1", Now.AddDays(-1)));

    public static AnnouncementAudience SomePartners(int seed = Seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        return new AnnouncementAudience { PartnerIds = f.Make(3, () => f.Random.Int(1, 500)).Distinct().ToList() };
    }
}
