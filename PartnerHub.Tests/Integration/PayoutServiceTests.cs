using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Payouts on SQLite through the service: the partner's request, the operators' moves, and what is refused.</summary>
public sealed class PayoutServiceTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static readonly DateOnly Jan = new(2026, 1, 1);
    private readonly CommissionTestData data = new(database, 7272);
    private PayoutService Service() => new(database.Factory, database.Clock);

    [Fact]
    public async Task A_payout_moves_from_requested_to_processing_to_paid_and_pays_its_lines()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, lines) = await ApprovedLinesAsync([400m, 250m]);
        var payout = await data.PayoutAsync(partner.Id, lines.Select(l => l.Id));

        await Service().StartProcessingAsync(manager, payout.Id, payout.Version);
        var processing = Assert.Single((await Service().ListAsync(manager, partner.Id, 0, 10)).Items);
        Assert.Equal(PayoutStatus.Processing, processing.Status);
        await Service().MarkPaidAsync(manager, payout.Id, processing.Version, "WIRE-2026-000123");

        var paid = Assert.Single((await Service().ListAsync(manager, partner.Id, 0, 10)).Items);
        Assert.Equal(PayoutStatus.Paid, paid.Status);
        Assert.Equal("WIRE-2026-000123", paid.Reference);
        Assert.Equal(650m, paid.Amount);
        Assert.Equal(2, paid.LineCount);
        await using var db = database.CreateContext();
        Assert.All(await db.CommissionLines.AsNoTracking().Where(l => l.PartnerId == partner.Id).ToListAsync(),
            l => Assert.Equal(CommissionStatus.Paid, l.Status));
        var actions = await db.AuditLog.AsNoTracking().Where(a => a.EntityType == nameof(Payout) && a.EntityId == payout.Id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["payout.processing", "payout.paid"], actions);
        var moves = await db.DomainEvents.AsNoTracking().Where(e => e.Type == EventTypes.PayoutStatusChanged && e.RecordId == payout.Id.ToString()).CountAsync();
        Assert.Equal(2, moves);
        var processed = await db.DomainEvents.AsNoTracking().SingleAsync(e => e.Type == EventTypes.PayoutProcessed && e.RecordId == payout.Id.ToString());
        Assert.Equal(partner.Id, processed.PartnerId);
        using var payload = JsonDocument.Parse(processed.Payload);
        var root = payload.RootElement;
        Assert.Equal("Processing", root.GetProperty("before").GetString());
        Assert.Equal("Paid", root.GetProperty("after").GetString());
        Assert.Equal(650m, root.GetProperty("amount").GetDecimal());
        Assert.Equal("WIRE-2026-000123", root.GetProperty("reference").GetString());
        Assert.Equal("BankWire", root.GetProperty("method").GetString());
        Assert.Equal(lines.Select(l => l.Id).Order(), root.GetProperty("lineIds").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Marking_paid_without_a_reference_is_refused_and_nothing_is_written()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, lines) = await ApprovedLinesAsync([300m]);
        var payout = await data.PayoutAsync(partner.Id, lines.Select(l => l.Id), PayoutStatus.Processing);
        var before = await SnapshotAsync(partner.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().MarkPaidAsync(manager, payout.Id, payout.Version, "  "));

        Assert.Equal("Reference", ex.Field);
        Assert.Equal(before, await SnapshotAsync(partner.Id));
    }

    [Fact]
    public async Task Paying_a_payout_that_is_only_requested_is_refused_and_nothing_is_written()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, lines) = await ApprovedLinesAsync([300m]);
        var payout = await data.PayoutAsync(partner.Id, lines.Select(l => l.Id));
        var before = await SnapshotAsync(partner.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().MarkPaidAsync(manager, payout.Id, payout.Version, "WIRE-1"));

        Assert.Contains("Only a payout in processing can be marked paid", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(partner.Id));
    }

    [Fact]
    public async Task A_failed_payout_releases_its_lines_to_be_paid_again_but_keeps_the_record_of_them()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, lines) = await ApprovedLinesAsync([120m, 80m]);
        var payout = await data.PayoutAsync(partner.Id, lines.Select(l => l.Id), PayoutStatus.Processing);
        Assert.Equal(0m, (await Service().GetBalanceAsync(manager, partner.Id)).ApprovedUnpaid);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().MarkFailedAsync(manager, payout.Id, payout.Version, ""));
        Assert.Equal("Reason", ex.Field);
        await Service().MarkFailedAsync(manager, payout.Id, payout.Version, "Beneficiary account closed");

        var row = Assert.Single((await Service().ListAsync(manager, partner.Id, 0, 10)).Items);
        Assert.Equal(PayoutStatus.Failed, row.Status);
        Assert.Equal("Beneficiary account closed", row.FailureReason);
        Assert.Equal(2, row.LineCount);
        var balance = await Service().GetBalanceAsync(manager, partner.Id);
        Assert.Equal(200m, balance.ApprovedUnpaid);
        Assert.Equal(0m, balance.InFlight);
        await using var db = database.CreateContext();
        Assert.All(await db.CommissionLines.AsNoTracking().Where(l => l.PartnerId == partner.Id).ToListAsync(), l =>
        {
            Assert.Equal(CommissionStatus.Approved, l.Status);
            Assert.Null(l.PayoutId);
        });
        Assert.Equal(lines.Select(l => l.Id).Order(),
            await db.PayoutItems.AsNoTracking().Where(i => i.PayoutId == payout.Id).Select(i => i.CommissionLineId).OrderBy(i => i).ToListAsync());
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "payout.failed" && a.EntityId == payout.Id.ToString()));
        Assert.Equal(0, await db.DomainEvents.CountAsync(e => e.Type == EventTypes.PayoutProcessed && e.RecordId == payout.Id.ToString()));
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_nothing_is_written()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, lines) = await ApprovedLinesAsync([300m]);
        var payout = await data.PayoutAsync(partner.Id, lines.Select(l => l.Id));
        await Service().StartProcessingAsync(manager, payout.Id, payout.Version);
        var before = await SnapshotAsync(partner.Id);

        // A second operator still looking at the Requested payout.
        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().MarkFailedAsync(manager, payout.Id, payout.Version, "Wrong IBAN"));

        Assert.Equal($"Payout {payout.Id} was changed by someone else; reload.", ex.Message);
        Assert.Equal(before, await SnapshotAsync(partner.Id));
    }

    [Fact]
    public async Task Compliance_and_partners_cannot_move_payouts()
    {
        var compliance = await database.AddActorAsync(Roles.Compliance);
        var (partner, lines) = await ApprovedLinesAsync([300m]);
        var payout = await data.PayoutAsync(partner.Id, lines.Select(l => l.Id));
        var partnerActor = await database.AddActorAsync(Roles.Partner, partner.Id);
        var before = await SnapshotAsync(partner.Id);

        Assert.Single((await Service().ListAsync(compliance, partner.Id, 0, 10)).Items);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().StartProcessingAsync(compliance, payout.Id, payout.Version));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().StartProcessingAsync(partnerActor, payout.Id, payout.Version));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().MarkPaidAsync(compliance, payout.Id, payout.Version, "X"));
        Assert.Equal(before, await SnapshotAsync(partner.Id));
    }

    [Fact]
    public async Task The_balance_shows_approved_unpaid_and_in_flight_against_the_threshold()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, lines) = await ApprovedLinesAsync([150m, 60m, 40m], threshold: 250m);
        await data.PayoutAsync(partner.Id, [lines[0].Id]);

        var balance = await Service().GetBalanceAsync(manager, partner.Id);

        Assert.Equal(100m, balance.ApprovedUnpaid);
        Assert.Equal(2, balance.ApprovedUnpaidLines);
        Assert.Equal(150m, balance.InFlight);
        Assert.Equal(250m, balance.Threshold);
        Assert.Equal(150m, balance.Remaining);
        Assert.Equal(40d, balance.PercentOfThreshold, 3);
        Assert.False(balance.CanRequest);
    }

    [Fact]
    public async Task A_partner_below_its_threshold_cannot_request_a_payout()
    {
        var (partner, _) = await ApprovedLinesAsync([60m, 30m], threshold: 100m);
        var me = await database.AddActorAsync(Roles.Partner, partner.Id);
        var before = await SnapshotAsync(partner.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().RequestPayoutAsync(me));

        Assert.Equal("Your approved balance of 90.00 USD is below your payout threshold of 100.00 USD.", ex.Message);
        Assert.Equal(before, await SnapshotAsync(partner.Id));
    }

    [Fact]
    public async Task A_partner_with_nothing_approved_is_told_so()
    {
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate, threshold: 0m);
        var me = await database.AddActorAsync(Roles.Partner, partner.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().RequestPayoutAsync(me));

        Assert.Equal("You have no approved commission waiting to be paid.", ex.Message);
        Assert.False((await Service().GetBalanceAsync(me, partner.Id)).CanRequest);
    }

    [Fact]
    public async Task At_the_threshold_the_partner_requests_a_payout_for_exactly_its_approved_unpaid_lines()
    {
        var (partner, approved) = await ApprovedLinesAsync([60m, 40m], threshold: 100m);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        var calculated = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-5), 1, 70m, data.Now));
        var rejected = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-6), 1, 80m, data.Now), CommissionStatus.Rejected);
        var alreadyPaid = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-7), 1, 90m, data.Now), CommissionStatus.Paid);
        var me = await database.AddActorAsync(Roles.Partner, partner.Id);
        Assert.True((await Service().GetBalanceAsync(me, partner.Id)).CanRequest);

        var payoutId = await Service().RequestPayoutAsync(me);

        await using var db = database.CreateContext();
        var payout = await db.Payouts.AsNoTracking().Include(p => p.Items).SingleAsync(p => p.Id == payoutId);
        Assert.Equal(partner.Id, payout.PartnerId);
        Assert.Equal(PayoutStatus.Requested, payout.Status);
        Assert.Equal(100m, payout.Amount);
        Assert.Equal(PayoutMethod.BankWire, payout.Method);
        Assert.Equal(approved.Select(l => l.Id).Order(), payout.Items.Select(i => i.CommissionLineId).Order());
        Assert.DoesNotContain(payout.Items, i => i.CommissionLineId == calculated.Id || i.CommissionLineId == rejected.Id || i.CommissionLineId == alreadyPaid.Id);
        Assert.All(await db.CommissionLines.AsNoTracking().Where(l => approved.Select(a => a.Id).Contains(l.Id)).ToListAsync(),
            l => Assert.Equal(payoutId, l.PayoutId));
        var e = await db.DomainEvents.AsNoTracking().SingleAsync(x => x.Type == EventTypes.PayoutStatusChanged && x.RecordId == payoutId.ToString());
        using var payload = JsonDocument.Parse(e.Payload);
        Assert.Equal("Requested", payload.RootElement.GetProperty("after").GetString());
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "payout.requested" && a.EntityId == payoutId.ToString()));

        var balance = await Service().GetBalanceAsync(me, partner.Id);
        Assert.Equal(0m, balance.ApprovedUnpaid);
        Assert.Equal(100m, balance.InFlight);
        Assert.False(balance.CanRequest);
        await Assert.ThrowsAsync<DomainException>(() => Service().RequestPayoutAsync(me));
    }

    [Fact]
    public async Task A_partner_can_only_request_its_own_payout_and_operators_cannot_request_for_it()
    {
        var (mine, _) = await ApprovedLinesAsync([500m]);
        var (other, otherLines) = await ApprovedLinesAsync([700m]);
        var me = await database.AddActorAsync(Roles.Partner, mine.Id);
        var manager = await database.AddActorAsync(Roles.Manager);
        var otherBefore = await SnapshotAsync(other.Id);

        var payoutId = await Service().RequestPayoutAsync(me);

        await using var db = database.CreateContext();
        Assert.Equal(mine.Id, (await db.Payouts.AsNoTracking().SingleAsync(p => p.Id == payoutId)).PartnerId);
        Assert.Equal(otherBefore, await SnapshotAsync(other.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().RequestPayoutAsync(manager));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().ListAsync(me, other.Id, 0, 10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().GetBalanceAsync(me, other.Id));
        Assert.Null((await db.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == otherLines[0].Id)).PayoutId);
    }

    [Fact]
    public async Task The_list_pages_newest_request_first()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var (partner, lines) = await ApprovedLinesAsync([10m, 20m, 30m]);
        var ids = new List<long>();
        foreach (var line in lines)
        {
            ids.Add((await data.PayoutAsync(partner.Id, [line.Id])).Id);
            database.Clock.Advance(TimeSpan.FromHours(1));
        }

        var first = await Service().ListAsync(manager, partner.Id, 0, 2);
        var second = await Service().ListAsync(manager, partner.Id, 1, 2);

        Assert.Equal(3, first.Total);
        Assert.Equal([ids[2], ids[1]], first.Items.Select(p => p.Id));
        Assert.Equal([ids[0]], second.Items.Select(p => p.Id));
    }

    private async Task<(Partner Partner, List<CommissionLine> Lines)> ApprovedLinesAsync(decimal[] amounts, decimal threshold = 100m)
    {
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate, threshold);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        var lines = new List<CommissionLine>();
        for (var i = 0; i < amounts.Length; i++)
            lines.Add(await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-i), 1, amounts[i], data.Now), CommissionStatus.Approved));
        return (partner, lines);
    }

    /// <summary>Everything a payout move could write for this partner: payouts, lines, audit entries and events.</summary>
    private async Task<string> SnapshotAsync(int partnerId)
    {
        await using var db = database.CreateContext();
        var payouts = await db.Payouts.AsNoTracking().Where(p => p.PartnerId == partnerId).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Status, p.Version, p.Reference, p.FailureReason }).ToListAsync();
        var lines = await db.CommissionLines.AsNoTracking().Where(l => l.PartnerId == partnerId).OrderBy(l => l.Id)
            .Select(l => new { l.Id, l.Status, l.Version, l.PayoutId }).ToListAsync();
        var audit = await db.AuditLog.CountAsync(a => a.PartnerId == partnerId);
        var events = await db.DomainEvents.CountAsync(e => e.PartnerId == partnerId);
        return JsonSerializer.Serialize(new { payouts, lines, audit, events });
    }
}
