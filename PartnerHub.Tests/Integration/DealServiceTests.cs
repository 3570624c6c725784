using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PartnerHub.Domain;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Deal versioning through the service on SQLite: what is stored, audited and published, and what is refused.</summary>
public class DealServiceTests(DealServiceTests.Data data) : IClassFixture<DealServiceTests.Data>
{
    private static readonly DateOnly Jan1 = new(2026, 1, 1);

    private static readonly DealTerms MasterTerms = new(null, null, 30m, "USD",
        [new LotRateTerm(InstrumentClass.FxMajors, 9m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 11m)], "Onboarding terms.");

    public sealed class Data : SqliteDatabase
    {
        public Actor Manager { get; private set; } = default!;
        public Actor Compliance { get; private set; } = default!;
        private readonly Bogus.Faker<Partner> partners = Fakes.Partners(5150);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
        }

        public async Task<Partner> PartnerAsync()
        {
            await using var db = CreateContext();
            var partner = partners.Generate();
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            return partner;
        }

        /// <summary>A master IB's lot-based deal with one version from 1 Jan, and its sub-IBs' derived deals.</summary>
        public async Task<(Deal Deal, List<int> SubIbPartnerIds)> MasterDealAsync(int subIbs = 0)
        {
            var master = await PartnerAsync();
            var now = Clock.GetUtcNow().UtcDateTime.AddDays(-60);
            await using var db = CreateContext();
            var deal = new Deal(master.Id, "Master IB agreement", DealType.LotBased, now);
            deal.AddVersion(MasterTerms, Jan1, Manager.UserId, now);
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            var subIds = new List<int>();
            for (var i = 0; i < subIbs; i++)
            {
                var sub = await PartnerAsync();
                var derived = new Deal(sub.Id, $"Sub-IB rebates via {master.Name}", DealType.LotBased, now, deal.Id);
                derived.AddVersion(new DealTerms(null, null, 40m + i, "USD", [new LotRateTerm(InstrumentClass.FxMajors, 3.6m, 1.2m)]), Jan1, Manager.UserId, now);
                db.Deals.Add(derived);
                subIds.Add(sub.Id);
            }
            await db.SaveChangesAsync();
            return (deal, subIds);
        }

        public async Task<(int Versions, int Audit, int Events)> CountsAsync(int dealId)
        {
            await using var db = CreateContext();
            return (await db.DealVersions.CountAsync(v => v.DealId == dealId),
                await db.AuditLog.CountAsync(a => a.EntityType == nameof(Deal) && a.EntityId == dealId.ToString()),
                await db.DomainEvents.CountAsync(e => e.RecordType == nameof(Deal) && e.RecordId == dealId.ToString()));
        }
    }

    private DealService Service(IDbContextFactory<AppDbContext>? factory = null) => new(factory ?? data.Factory, data.Clock);

    private static DealTerms Raised => MasterTerms with
    {
        LotRates = [new LotRateTerm(InstrumentClass.FxMajors, 10m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 11m)],
        Notes = "FX majors +1.00 per lot.",
    };

    [Fact]
    public async Task Adding_a_version_stores_it_supersedes_the_previous_one_and_writes_the_audit_entry_and_the_event()
    {
        var (deal, subIbs) = await data.MasterDealAsync(subIbs: 2);
        var effective = new DateOnly(2026, 4, 1);

        var versionId = await Service().AddVersionAsync(data.Manager, deal.Id, Raised, effective);

        await using var db = data.CreateContext();
        var versions = await db.DealVersions.Include(v => v.LotRates).Where(v => v.DealId == deal.Id).OrderBy(v => v.Number).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.Equal(data.Clock.GetUtcNow().UtcDateTime, versions[0].SupersededAt);
        Assert.Equal(versionId, versions[1].Id);
        Assert.Null(versions[1].SupersededAt);
        Assert.Equal(effective, versions[1].EffectiveFrom);
        Assert.Equal(data.Manager.UserId, versions[1].CreatedById);
        Assert.Equal(10m, versions[1].LotRates.Single(r => r.InstrumentClass == InstrumentClass.FxMajors).RatePerLot);

        var audit = await db.AuditLog.SingleAsync(a => a.EntityType == nameof(Deal) && a.EntityId == deal.Id.ToString());
        Assert.Equal("deal.version-created", audit.Action);
        Assert.Equal(deal.PartnerId, audit.PartnerId);
        Assert.Equal(data.Manager.UserId, audit.UserId);

        var e = await db.DomainEvents.SingleAsync(x => x.RecordType == nameof(Deal) && x.RecordId == deal.Id.ToString());
        Assert.Equal(EventTypes.DealTermsUpdated, e.Type);
        Assert.Equal(deal.PartnerId, e.PartnerId);
        Assert.Null(e.ProcessedAt);
        var payload = JsonDocument.Parse(e.Payload).RootElement;
        Assert.Equal(subIbs.Order(), payload.GetProperty("derivedSubIbPartnerIds").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal(2, payload.GetProperty("number").GetInt32());
        Assert.Equal(versionId, payload.GetProperty("versionId").GetInt32());
        Assert.Equal("2026-04-01", payload.GetProperty("effectiveFrom").GetString());
        Assert.Equal(9m, payload.GetProperty("oldTerms").GetProperty("lotRates")[0].GetProperty("ratePerLot").GetDecimal());
        Assert.Equal(10m, payload.GetProperty("newTerms").GetProperty("lotRates")[0].GetProperty("ratePerLot").GetDecimal());
        var changes = payload.GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(changes, c => c.GetProperty("field").GetString() == "LotRates.FxMajors.RatePerLot"
            && c.GetProperty("old").GetString() == "9.00 USD/lot" && c.GetProperty("new").GetString() == "10.00 USD/lot");
        Assert.Contains("10.00 USD/lot", payload.GetProperty("new").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_effective_date_before_the_current_versions_is_refused_and_nothing_is_written()
    {
        var (deal, _) = await data.MasterDealAsync();
        var before = await data.CountsAsync(deal.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().AddVersionAsync(data.Manager, deal.Id, Raised, Jan1.AddDays(-1)));

        Assert.Equal("EffectiveFrom", ex.Field);
        Assert.Contains("2026-01-01", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await data.CountsAsync(deal.Id));
        await using var db = data.CreateContext();
        Assert.Null((await db.DealVersions.SingleAsync(v => v.DealId == deal.Id)).SupersededAt);
    }

    public static TheoryData<string, DealTerms> InvalidTerms => new()
    {
        { "SubIbSharePercent", MasterTerms with { SubIbSharePercent = 120m } },
        { "LotRates", MasterTerms with { LotRates = [] } },
        { "LotRates", MasterTerms with { LotRates = [new LotRateTerm(InstrumentClass.Metals, -1m)] } },
        { "LotRates", MasterTerms with { LotRates = [new LotRateTerm(InstrumentClass.Metals, 5m), new LotRateTerm(InstrumentClass.Metals, 6m)] } },
        { "Currency", MasterTerms with { Currency = "US" } },
        { "Notes", MasterTerms with { Notes = new string('x', DealService.MaxNotesLength + 1) } },
    };

    [Theory]
    [MemberData(nameof(InvalidTerms))]
    public async Task Invalid_terms_are_refused_at_their_field_and_nothing_is_written(string field, DealTerms terms)
    {
        var (deal, _) = await data.MasterDealAsync();
        var before = await data.CountsAsync(deal.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().AddVersionAsync(data.Manager, deal.Id, terms, new DateOnly(2026, 4, 1)));

        Assert.Equal(field, ex.Field);
        Assert.Equal(before, await data.CountsAsync(deal.Id));
    }

    [Fact]
    public async Task Terms_identical_to_the_current_ones_are_refused_and_nothing_is_written()
    {
        var (deal, _) = await data.MasterDealAsync();
        var before = await data.CountsAsync(deal.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().AddVersionAsync(data.Manager, deal.Id, MasterTerms, new DateOnly(2026, 4, 1)));

        Assert.Contains("same as the current terms", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await data.CountsAsync(deal.Id));
    }

    [Fact]
    public async Task Compliance_cannot_add_a_version_and_nothing_is_written()
    {
        var (deal, _) = await data.MasterDealAsync();
        var before = await data.CountsAsync(deal.Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().AddVersionAsync(data.Compliance, deal.Id, Raised, new DateOnly(2026, 4, 1)));

        Assert.Equal(before, await data.CountsAsync(deal.Id));
    }

    [Fact]
    public async Task A_partner_cannot_add_a_version_to_its_own_deal()
    {
        var (deal, _) = await data.MasterDealAsync();
        var partner = await data.AddActorAsync(Roles.Partner, deal.PartnerId);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().AddVersionAsync(partner, deal.Id, Raised, new DateOnly(2026, 4, 1)));

        Assert.Equal(1, (await data.CountsAsync(deal.Id)).Versions);
    }

    [Fact]
    public async Task A_partner_reads_its_own_deal_with_every_version_newest_first_and_which_one_is_in_force()
    {
        var (deal, subIbs) = await data.MasterDealAsync(subIbs: 2);
        var service = Service();
        await service.AddVersionAsync(data.Manager, deal.Id, Raised, new DateOnly(2026, 2, 1));
        await service.AddVersionAsync(data.Manager, deal.Id, Raised with { SubIbSharePercent = 35m }, new DateOnly(2026, 5, 1));
        var partner = await data.AddActorAsync(Roles.Partner, deal.PartnerId);

        var view = await service.GetAsync(partner, deal.PartnerId);

        var detail = Assert.Single(view!.Deals);
        Assert.Equal([3, 2, 1], detail.Versions.Select(v => v.Number));
        Assert.Equal([DealVersionState.Scheduled, DealVersionState.Current, DealVersionState.Earlier], detail.Versions.Select(v => v.State));
        Assert.Equal(2, detail.InForce!.Number);
        Assert.Equal(10m, detail.InForce.Terms.LotRates.Single(r => r.InstrumentClass == InstrumentClass.FxMajors).RatePerLot);
        Assert.Equal(35m, detail.Latest!.Terms.SubIbSharePercent);
        Assert.Equal("Share passed to sub-IBs", detail.ShareLabel);
        Assert.Null(detail.Master);
        Assert.Equal(2, detail.SubIbCount);
        Assert.Equal(subIbs.Order(), detail.SubIbs.Select(s => s.PartnerId).Order());
        Assert.Equal([40m, 41m], detail.SubIbs.Select(s => s.SharePercent!.Value).Order());
        Assert.All(detail.Versions.Skip(1), v => Assert.NotNull(v.CreatedByName));
    }

    [Fact]
    public async Task A_sub_IB_sees_the_master_deal_its_terms_derive_from_and_the_share_it_receives()
    {
        var (deal, subIbs) = await data.MasterDealAsync(subIbs: 1);
        var sub = await data.AddActorAsync(Roles.Partner, subIbs[0]);

        var view = await Service().GetAsync(sub, subIbs[0]);

        var detail = Assert.Single(view!.Deals);
        Assert.Equal(deal.Id, detail.Master!.DealId);
        Assert.Equal(deal.PartnerId, detail.Master.PartnerId);
        Assert.Equal("Share received from upline", detail.ShareLabel);
        Assert.Equal(40m, detail.InForce!.Terms.SubIbSharePercent);
        Assert.Empty(detail.SubIbs);
    }

    [Fact]
    public async Task A_partner_cannot_read_another_partners_deal()
    {
        var (deal, _) = await data.MasterDealAsync();
        var other = await data.PartnerAsync();
        var partner = await data.AddActorAsync(Roles.Partner, other.Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().GetAsync(partner, deal.PartnerId));
    }

    [Fact]
    public async Task A_partner_without_a_deal_gets_none()
    {
        var partner = await data.PartnerAsync();

        Assert.Null(await Service().GetAsync(data.Compliance, partner.Id));
    }

    [Fact]
    public async Task A_second_editor_who_opened_the_same_version_is_refused_and_only_the_first_version_is_written()
    {
        var (deal, _) = await data.MasterDealAsync();
        var opened = (await Service().GetAsync(data.Manager, deal.PartnerId))!.Deals[0].Version;
        await Service().AddVersionAsync(data.Manager, deal.Id, Raised, new DateOnly(2026, 4, 1), opened);
        var before = await data.CountsAsync(deal.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            Service().AddVersionAsync(data.Manager, deal.Id, Raised with { Notes = "Other editor." }, new DateOnly(2026, 4, 1), opened));

        Assert.Equal(DealService.ChangedMeanwhileMessage, ex.Message);
        Assert.Equal(before, await data.CountsAsync(deal.Id));
    }

    [Fact]
    public async Task A_version_saved_by_another_context_between_read_and_write_makes_the_second_save_fail_cleanly()
    {
        var (deal, _) = await data.MasterDealAsync();
        var competitor = Service();
        // Just before the service opens its write transaction (its reads are done), another operator's save commits.
        var race = new RaceBeforeTransaction(() =>
            competitor.AddVersionAsync(data.Manager, deal.Id, Raised with { Notes = "Saved first." }, new DateOnly(2026, 4, 1)));

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            Service(new InterceptedFactory(data.ConnectionString, race)).AddVersionAsync(data.Manager, deal.Id, Raised, new DateOnly(2026, 4, 1)));

        Assert.True(race.Ran);
        Assert.Equal(DealService.ChangedMeanwhileMessage, ex.Message);
        Assert.Equal((2, 1, 1), await data.CountsAsync(deal.Id));
        await using var db = data.CreateContext();
        Assert.Equal("Saved first.", (await db.DealVersions.SingleAsync(v => v.DealId == deal.Id && v.Number == 2)).Notes);
    }

    private sealed class RaceBeforeTransaction(Func<Task> competingSave) : DbTransactionInterceptor
    {
        public bool Ran { get; private set; }

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (!Ran)
            {
                Ran = true;
                await competingSave();
            }
            return result;
        }
    }

    private sealed class InterceptedFactory(string connectionString, IInterceptor interceptor) : IDbContextFactory<AppDbContext>
    {
        private readonly IDbContextFactory<AppDbContext> inner = TestEngine.ContextFactory(connectionString, interceptor);

        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
