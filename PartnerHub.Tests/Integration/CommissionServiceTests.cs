using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The commission review on SQLite: the list, the breakdown, approvals and rejections, and who may do what.</summary>
public sealed class CommissionServiceTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static readonly DateOnly Jan = new(2026, 1, 1);
    private readonly CommissionTestData data = new(database, 5150);
    private CommissionService Service() => new(database.Factory, database.Clock);
    private DateTime Now => database.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task List_pages_on_the_server_newest_period_first_and_counts_the_total()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        for (var m = 0; m < 30; m++)
            await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-m), 10 + m, 150m, Now));

        var first = await Service().ListAsync(manager, partner.Id, new CommissionQuery { PageSize = 10 });
        var last = await Service().ListAsync(manager, partner.Id, new CommissionQuery { Page = 2, PageSize = 10 });

        Assert.Equal(30, first.Total);
        Assert.Equal(Enumerable.Range(0, 10).Select(m => Jan.AddMonths(-m)), first.Items.Select(r => r.PeriodStart));
        Assert.Equal(Enumerable.Range(20, 10).Select(m => Jan.AddMonths(-m)), last.Items.Select(r => r.PeriodStart));
        Assert.Equal("10 FTDs x 150.00 USD", first.Items[0].Description);
        Assert.Equal(1, first.Items[0].DealVersionNumber);
    }

    [Fact]
    public async Task List_filters_by_status_and_sorts_by_amount()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        foreach (var (ftds, status) in new[] { (3, CommissionStatus.Approved), (9, CommissionStatus.Calculated), (5, CommissionStatus.Approved), (1, CommissionStatus.Rejected), (7, CommissionStatus.Approved) })
            await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-ftds), ftds, 100m, Now), status);

        var approved = await Service().ListAsync(manager, partner.Id,
            new CommissionQuery { Status = CommissionStatus.Approved, SortBy = nameof(CommissionRow.Amount), Descending = true });

        Assert.Equal(3, approved.Total);
        Assert.Equal([700m, 500m, 300m], approved.Items.Select(r => r.Amount));
        Assert.All(approved.Items, r => Assert.Equal(CommissionStatus.Approved, r.Status));
        var rejected = Assert.Single((await Service().ListAsync(manager, partner.Id, new CommissionQuery { Status = CommissionStatus.Rejected })).Items);
        Assert.Equal("Duplicate FTDs", rejected.RejectionReason);
    }

    [Fact]
    public async Task List_describes_revshare_and_lot_lines_in_words()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var affiliate = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var rev = await data.DealVersionAsync(affiliate.Id, DealType.RevShare);
        await data.AddAsync(CommissionTestData.RevShare(affiliate.Id, rev.Id, Jan, 18_300m, 25m, Now));
        var ib = await data.PartnerAsync(Vertical.ForexIb);
        var lots = await data.DealVersionAsync(ib.Id, DealType.LotBased);
        await data.AddAsync(CommissionLine.ForLots(ib.Id, lots.Id, Jan, Jan.AddMonths(1).AddDays(-1),
            [new CommissionLotItem(InstrumentClass.FxMajors, 100m, 8m, "spread ≤ 2.5 pips"), new CommissionLotItem(InstrumentClass.Metals, 28.4m, 5m, null)],
            null, "USD", Now));

        var revRow = Assert.Single((await Service().ListAsync(manager, affiliate.Id, new CommissionQuery())).Items);
        var lotRow = Assert.Single((await Service().ListAsync(manager, ib.Id, new CommissionQuery())).Items);

        Assert.Equal("25 % of 18,300.00 USD NGR", revRow.Description);
        Assert.Equal(4_575m, revRow.Amount);
        Assert.Equal("128.4 lots", lotRow.Description);
        Assert.Equal(942m, lotRow.Amount);
    }

    [Fact]
    public async Task Approving_writes_the_audit_entry_and_a_CommissionApproved_event_with_before_and_after()
    {
        var managerUser = await database.AddUserAsync(Roles.Manager, "Mona Manager");
        var manager = SqliteDatabase.ActorFor(managerUser, Roles.Manager);
        var (partner, line) = await CalculatedCpaLineAsync(12, 150m);

        await Service().ApproveAsync(manager, [(line.Id, line.Version)]);

        await using var db = database.CreateContext();
        var stored = await db.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == line.Id);
        Assert.Equal(CommissionStatus.Approved, stored.Status);
        Assert.Equal(managerUser.Id, stored.ApprovedById);
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "commission.approved" && a.EntityId == line.Id.ToString());
        Assert.Equal(partner.Id, audit.PartnerId);
        Assert.Equal(managerUser.Id, audit.UserId);
        var e = await db.DomainEvents.AsNoTracking().SingleAsync(x => x.Type == EventTypes.CommissionApproved && x.RecordId == line.Id.ToString());
        Assert.Equal(partner.Id, e.PartnerId);
        using var payload = JsonDocument.Parse(e.Payload);
        Assert.Equal("Calculated", payload.RootElement.GetProperty("before").GetString());
        Assert.Equal("Approved", payload.RootElement.GetProperty("after").GetString());
        Assert.Equal(1_800m, payload.RootElement.GetProperty("amount").GetDecimal());
        Assert.Equal("USD", payload.RootElement.GetProperty("currency").GetString());

        var row = Assert.Single((await Service().ListAsync(manager, partner.Id, new CommissionQuery())).Items);
        Assert.Equal("Mona Manager", row.ApprovedByName);
        Assert.Equal(Now, row.ApprovedAt);
    }

    [Theory]
    [InlineData(CommissionStatus.Approved)]
    [InlineData(CommissionStatus.Rejected)]
    [InlineData(CommissionStatus.Paid)]
    public async Task Approving_a_line_that_is_not_calculated_is_refused_and_nothing_is_written(CommissionStatus status)
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        var line = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan, 4, 150m, Now), status);
        var before = await SnapshotAsync(line.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().ApproveAsync(manager, [(line.Id, line.Version)]));

        Assert.Contains($"Line {line.Id} is {status}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(line.Id));
    }

    [Fact]
    public async Task Bulk_approval_is_all_or_nothing()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        var a = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan, 2, 150m, Now));
        var b = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-1), 3, 150m, Now));
        var paid = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-2), 4, 150m, Now), CommissionStatus.Paid);
        var before = await SnapshotAsync(a.Id, b.Id, paid.Id);

        await Assert.ThrowsAsync<DomainException>(() => Service().ApproveAsync(manager, [(a.Id, a.Version), (b.Id, b.Version), (paid.Id, paid.Version)]));
        Assert.Equal(before, await SnapshotAsync(a.Id, b.Id, paid.Id));

        await Service().ApproveAsync(manager, [(a.Id, a.Version), (b.Id, b.Version)]);
        var rows = (await Service().ListAsync(manager, partner.Id, new CommissionQuery { Status = CommissionStatus.Approved })).Items;
        Assert.Equal([a.Id, b.Id], rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Lines_of_two_partners_cannot_be_approved_together()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (_, mine) = await CalculatedCpaLineAsync(2, 100m);
        var (_, theirs) = await CalculatedCpaLineAsync(3, 100m);
        var before = await SnapshotAsync(mine.Id, theirs.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().ApproveAsync(manager, [(mine.Id, mine.Version), (theirs.Id, theirs.Version)]));

        Assert.Contains("one partner at a time", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(mine.Id, theirs.Id));
    }

    [Fact]
    public async Task Approving_with_a_stale_version_is_refused_and_asks_to_reload()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (_, line) = await CalculatedCpaLineAsync(2, 100m);
        var before = await SnapshotAsync(line.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().ApproveAsync(manager, [(line.Id, line.Version + 1)]));

        Assert.Equal($"Line {line.Id} was changed by someone else; reload.", ex.Message);
        Assert.Equal(before, await SnapshotAsync(line.Id));
    }

    [Fact]
    public async Task Two_operators_approving_the_same_line_at_the_same_time_only_one_succeeds()
    {
        var first = await database.AddActorAsync(Roles.Manager);
        var second = await database.AddActorAsync(Roles.Admin);
        var (_, line) = await CalculatedCpaLineAsync(6, 150m);
        var seen = line.Version;

        // Two circuits, two services, two contexts: both saw version `seen` and press Approve together.
        var attempts = new[] { first, second }.Select(actor => Task.Run(async () =>
        {
            try
            {
                await new CommissionService(database.Factory, database.Clock).ApproveAsync(actor, [(line.Id, seen)]);
                return (Exception?)null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r is null);
        var refused = Assert.IsType<DomainException>(Assert.Single(results, r => r is not null));
        Assert.Contains($"Line {line.Id}", refused.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "commission.approved" && a.EntityId == line.Id.ToString()));
        Assert.Equal(1, await db.DomainEvents.CountAsync(e => e.Type == EventTypes.CommissionApproved && e.RecordId == line.Id.ToString()));
        var stored = await db.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == line.Id);
        Assert.Equal(seen + 1, stored.Version);
        Assert.Contains(stored.ApprovedById, new[] { first.UserId, second.UserId });
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_writes_nothing_without_one()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (_, line) = await CalculatedCpaLineAsync(2, 100m);
        var before = await SnapshotAsync(line.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().RejectAsync(manager, line.Id, line.Version, "   "));

        Assert.Equal("Reason", ex.Field);
        Assert.Equal(before, await SnapshotAsync(line.Id));
    }

    [Fact]
    public async Task Rejecting_with_a_reason_records_it_for_the_partner_with_audit_and_event()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, line) = await CalculatedCpaLineAsync(9, 150m);

        await Service().RejectAsync(manager, line.Id, line.Version, "9 FTDs used the same card");

        var partnerActor = await database.AddActorAsync(Roles.Partner, partner.Id);
        var row = Assert.Single((await Service().ListAsync(partnerActor, partner.Id, new CommissionQuery())).Items);
        Assert.Equal(CommissionStatus.Rejected, row.Status);
        Assert.Equal("9 FTDs used the same card", row.RejectionReason);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "commission.rejected" && a.EntityId == line.Id.ToString()));
        var e = await db.DomainEvents.AsNoTracking().SingleAsync(x => x.Type == EventTypes.CommissionRejected && x.RecordId == line.Id.ToString());
        using var payload = JsonDocument.Parse(e.Payload);
        Assert.Equal("Rejected", payload.RootElement.GetProperty("after").GetString());
        Assert.Equal("9 FTDs used the same card", payload.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Compliance_can_read_but_not_approve_or_reject()
    {
        var compliance = await database.AddActorAsync(Roles.Compliance);
        var (partner, line) = await CalculatedCpaLineAsync(2, 100m);
        var before = await SnapshotAsync(line.Id);

        Assert.Single((await Service().ListAsync(compliance, partner.Id, new CommissionQuery())).Items);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().ApproveAsync(compliance, [(line.Id, line.Version)]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().RejectAsync(compliance, line.Id, line.Version, "No"));
        Assert.Equal(before, await SnapshotAsync(line.Id));
    }

    [Fact]
    public async Task A_partner_reads_its_own_lines_but_not_another_partners_lines_or_breakdown()
    {
        var (mine, myLine) = await CalculatedCpaLineAsync(2, 100m);
        var (other, otherLine) = await CalculatedCpaLineAsync(3, 100m);
        var me = await database.AddActorAsync(Roles.Partner, mine.Id);

        Assert.Single((await Service().ListAsync(me, mine.Id, new CommissionQuery())).Items);
        Assert.Equal(200m, (await Service().GetBreakdownAsync(me, myLine.Id)).Amount);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().ListAsync(me, other.Id, new CommissionQuery()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().GetBreakdownAsync(me, otherLine.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Service().GetBreakdownAsync(me, 987_654_321));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().ApproveAsync(me, [(myLine.Id, myLine.Version)]));
    }

    [Fact]
    public async Task Lot_breakdown_shows_lots_times_rate_per_class_the_share_and_the_net()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var master = await data.PartnerAsync(Vertical.ForexIb);
        var sub = await data.PartnerAsync(Vertical.ForexIb, parentId: master.Id);
        var version = await data.DealVersionAsync(master.Id, DealType.LotBased);
        var line = await data.AddAsync(CommissionLine.ForLots(master.Id, version.Id, Jan, Jan.AddMonths(1).AddDays(-1),
            [new CommissionLotItem(InstrumentClass.Metals, 3m, 5m, null), new CommissionLotItem(InstrumentClass.FxMajors, 12.5m, 8m, "spread ≤ 2.5 pips")],
            new SubIbShare(ShareDirection.PassedDown, 25m, 28.75m, sub.Id), "USD", Now));

        var b = await Service().GetBreakdownAsync(manager, line.Id);

        Assert.Equal(CommissionBasis.Lots, b.Basis);
        Assert.Equal(
            [("FX majors", 12.5m, 8m, "spread ≤ 2.5 pips", 100m), ("Metals", 3m, 5m, (string?)null, 15m)],
            b.LotRows.Select(r => (r.Instrument, r.Lots, r.RatePerLot, r.SpreadCondition, r.Amount)));
        Assert.All(b.LotRows, r => Assert.Equal(decimal.Round(r.Lots * r.RatePerLot, 2), r.Amount));
        Assert.Equal(115m, b.GrossAmount);
        var share = Assert.IsType<ShareBreakdown>(b.Share);
        Assert.Equal(ShareDirection.PassedDown, share.Direction);
        Assert.Equal(25m, share.Percent);
        Assert.Equal(-28.75m, share.SignedAmount);
        Assert.Equal(sub.Name, share.Counterpart);
        Assert.Equal(86.25m, b.Amount);
        Assert.Equal(b.GrossAmount + share.SignedAmount, b.Amount);
        Assert.Equal(1, b.Terms.VersionNumber);
        Assert.Equal(25m, b.Terms.SubIbSharePercent);
        Assert.Equal([(InstrumentClass.FxMajors, 8m, (decimal?)2.5m), (InstrumentClass.Metals, 5m, null)],
            b.Terms.LotRates.Select(r => (r.InstrumentClass, r.RatePerLot, r.MaxSpreadPips)));
        Assert.Equal("15.5 lots across 2 instrument classes earn 115.00 USD gross; 28.75 USD (25 %) is passed down to "
            + sub.Name + ": net 86.25 USD.", b.Summary);
    }

    [Fact]
    public async Task A_partner_sees_the_share_counterparts_name_only_inside_its_own_network()
    {
        var master = await data.PartnerAsync(Vertical.ForexIb);
        var sub = await data.PartnerAsync(Vertical.ForexIb, parentId: master.Id);
        var stranger = await data.PartnerAsync(Vertical.ForexIb);
        var version = await data.DealVersionAsync(master.Id, DealType.LotBased);
        CommissionLine ShareWith(int counterpart) => CommissionLine.ForLots(master.Id, version.Id, Jan, Jan.AddMonths(1).AddDays(-1),
            [new CommissionLotItem(InstrumentClass.FxMajors, 10m, 8m, null)], new SubIbShare(ShareDirection.PassedDown, 25m, 20m, counterpart), "USD", Now);
        var own = await data.AddAsync(ShareWith(sub.Id));
        var foreign = await data.AddAsync(ShareWith(stranger.Id));
        var me = await database.AddActorAsync(Roles.Partner, master.Id);

        Assert.Equal(sub.Name, (await Service().GetBreakdownAsync(me, own.Id)).Share!.Counterpart);
        var hidden = (await Service().GetBreakdownAsync(me, foreign.Id)).Share!;
        Assert.Equal("a sub-IB", hidden.Counterpart);
        Assert.Null(hidden.CounterpartId);
        Assert.DoesNotContain(stranger.Name, (await Service().GetBreakdownAsync(me, foreign.Id)).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cpa_and_revshare_breakdowns_show_the_formula()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (_, cpa) = await CalculatedCpaLineAsync(212, 150m);
        var affiliate = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var rev = await data.DealVersionAsync(affiliate.Id, DealType.RevShare);
        var revLine = await data.AddAsync(CommissionTestData.RevShare(affiliate.Id, rev.Id, Jan, 18_300m, 25m, Now));

        var cpaBreakdown = await Service().GetBreakdownAsync(manager, cpa.Id);
        var revBreakdown = await Service().GetBreakdownAsync(manager, revLine.Id);

        Assert.Equal("212 FTDs x 150.00 USD = 31,800.00 USD", cpaBreakdown.Formula!.Text);
        Assert.Empty(cpaBreakdown.LotRows);
        Assert.Equal("18,300.00 USD NGR x 25 % = 4,575.00 USD", revBreakdown.Formula!.Text);
        Assert.Equal(25m, revBreakdown.Terms.RevSharePercent);
    }

    [Fact]
    public async Task Crossing_the_payout_threshold_emits_PayoutThresholdReached_once()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate, threshold: 1_000m);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        var lines = new List<CommissionLine>();
        foreach (var (ftds, m) in new[] { (6, 0), (5, 1), (3, 2) })
            lines.Add(await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-m), ftds, 100m, Now)));

        await Service().ApproveAsync(manager, [(lines[0].Id, lines[0].Version)]); // 600: below
        Assert.Equal(0, await ThresholdEventsAsync(partner.Id));
        await Service().ApproveAsync(manager, [(lines[1].Id, lines[1].Version)]); // 1,100: crosses
        Assert.Equal(1, await ThresholdEventsAsync(partner.Id));
        await Service().ApproveAsync(manager, [(lines[2].Id, lines[2].Version)]); // 1,400: already above
        Assert.Equal(1, await ThresholdEventsAsync(partner.Id));

        await using var db = database.CreateContext();
        var e = await db.DomainEvents.AsNoTracking().SingleAsync(x => x.Type == EventTypes.PayoutThresholdReached && x.PartnerId == partner.Id);
        using var payload = JsonDocument.Parse(e.Payload);
        Assert.Equal(1_100m, payload.RootElement.GetProperty("balance").GetDecimal());
        Assert.Equal(1_000m, payload.RootElement.GetProperty("threshold").GetDecimal());
        Assert.Equal("USD", payload.RootElement.GetProperty("currency").GetString());
    }

    private async Task<int> ThresholdEventsAsync(int partnerId)
    {
        await using var db = database.CreateContext();
        return await db.DomainEvents.CountAsync(e => e.Type == EventTypes.PayoutThresholdReached && e.PartnerId == partnerId);
    }

    private async Task<(Partner Partner, CommissionLine Line)> CalculatedCpaLineAsync(int ftds, decimal rate)
    {
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        return (partner, await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan, ftds, rate, Now)));
    }

    /// <summary>What "nothing was written" means: the lines' status and version, and the audit and event rows about them.</summary>
    private async Task<string> SnapshotAsync(params long[] lineIds)
    {
        await using var db = database.CreateContext();
        var ids = lineIds.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var lines = await db.CommissionLines.AsNoTracking().Where(l => lineIds.Contains(l.Id)).OrderBy(l => l.Id)
            .Select(l => new { l.Id, l.Status, l.Version, l.ApprovedById, l.PayoutId }).ToListAsync();
        var audit = await db.AuditLog.CountAsync(a => a.EntityType == nameof(CommissionLine) && ids.Contains(a.EntityId!));
        var events = await db.DomainEvents.CountAsync(e => e.RecordType == nameof(CommissionLine) && ids.Contains(e.RecordId!));
        return JsonSerializer.Serialize(new { lines, audit, events });
    }
}
