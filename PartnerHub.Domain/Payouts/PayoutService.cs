using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Payouts;

/// <summary>One payout as the grid shows it. <see cref="LineCount"/> counts the lines it contained (also after a failure).</summary>
public sealed record PayoutRow(
    long Id, DateTime RequestedAt, decimal Amount, string Currency, PayoutMethod Method, PayoutStatus Status, int LineCount,
    string? Reference, string? FailureReason, DateTime? ProcessingAt, DateTime? PaidAt, DateTime? FailedAt, int Version);

/// <summary>
/// What the partner can be paid: <see cref="ApprovedUnpaid"/> (approved lines no payout is paying) against the
/// threshold, and what is already on its way (<see cref="InFlight"/>: requested or processing payouts).
/// </summary>
public sealed record PayoutBalance(
    decimal ApprovedUnpaid, int ApprovedUnpaidLines, decimal InFlight, decimal Threshold, string Currency, PayoutMethod Method, bool CanRequest,
    string? MaskedBeneficiary = null, string? HeldReason = null, DateTime? HeldSince = null)
{
    /// <summary>How far the balance is towards the threshold, 0-100.</summary>
    public double PercentOfThreshold => Threshold <= 0 ? (ApprovedUnpaid > 0 ? 100 : 0) : (double)Math.Min(100m, ApprovedUnpaid * 100m / Threshold);

    /// <summary>What is still missing before a payout can be requested.</summary>
    public decimal Remaining => Math.Max(0m, Threshold - ApprovedUnpaid);
}

/// <summary>
/// Payouts of one partner: the list, the balance against the threshold, the partner's own request, and the operators'
/// moves Requested -> Processing -> Paid (reference required) or Failed (reason required; the lines become payable again).
/// Every move is one transaction with its audit entry and outbox events, refused when someone else moved the payout first.
/// </summary>
public sealed class PayoutService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<Page<PayoutRow>> ListAsync(Actor actor, int partnerId, int page, int pageSize, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var payouts = db.Payouts.AsNoTracking().Where(p => p.PartnerId == partnerId);
        var total = await payouts.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await payouts.OrderByDescending(p => p.RequestedAt).ThenByDescending(p => p.Id)
            .Skip(Math.Max(page, 0) * size).Take(size)
            .Select(p => new
            {
                p.Id, p.RequestedAt, p.Amount, p.Currency, p.Method, p.Status, Lines = p.Items.Count(), p.Reference, p.FailureReason,
                p.ProcessingAt, p.PaidAt, p.FailedAt, p.Version,
            })
            .ToListAsync(ct);
        return new Page<PayoutRow>(items.Select(p => new PayoutRow(p.Id, p.RequestedAt, CommissionService.Money2(p.Amount), p.Currency, p.Method,
            p.Status, p.Lines, p.Reference, p.FailureReason, p.ProcessingAt, p.PaidAt, p.FailedAt, p.Version)).ToList(), total);
    }

    public async Task<PayoutBalance> GetBalanceAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.PayoutThreshold, p.Currency, p.PayoutMethod, p.PayoutBeneficiary, p.PayoutsHeldReason, p.PayoutsHeldSince }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Partner not found.");
        var unpaidLines = db.CommissionLines.Where(l => l.PartnerId == partnerId && l.Status == CommissionStatus.Approved && l.PayoutId == null);
        var unpaidCount = await unpaidLines.CountAsync(ct);
        var unpaidSum = unpaidCount == 0 ? 0m : await unpaidLines.SumAsync(l => (decimal?)l.Amount, ct) ?? 0m;
        var inFlight = await db.Payouts
            .Where(p => p.PartnerId == partnerId && (p.Status == PayoutStatus.Requested || p.Status == PayoutStatus.Processing))
            .SumAsync(p => (decimal?)p.Amount, ct) ?? 0m;
        var balance = CommissionService.Money2(unpaidSum);
        return new PayoutBalance(balance, unpaidCount, CommissionService.Money2(inFlight), partner.PayoutThreshold, partner.Currency,
            partner.PayoutMethod, balance > 0 && balance >= partner.PayoutThreshold, Partner.Mask(partner.PayoutBeneficiary),
            partner.PayoutsHeldReason, partner.PayoutsHeldSince);
    }

    /// <summary>
    /// The partner asks to be paid its approved balance: one payout over every approved line no payout is paying yet,
    /// in its payout currency and method. Only the partner itself, only at or above its threshold.
    /// </summary>
    public async Task<long> RequestPayoutAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsPartner || actor.PartnerId is not { } partnerId)
            throw new AccessDeniedException("Only the partner can request its own payout.");
        actor.RequireCanRead(partnerId);
        var now = clock.GetUtcNow().UtcDateTime;

        await using var db = await factory.CreateDbContextAsync(ct);
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.PayoutThreshold, p.Currency, p.PayoutMethod, p.PayoutBeneficiary }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Partner not found.");
        var lines = await db.CommissionLines
            .Where(l => l.PartnerId == partnerId && l.Status == CommissionStatus.Approved && l.PayoutId == null)
            .OrderBy(l => l.Id).ToListAsync(ct);
        if (lines.Count == 0)
            throw new DomainException("You have no approved commission waiting to be paid.");
        var balance = CommissionService.Money2(lines.Sum(l => l.Amount));
        if (balance < partner.PayoutThreshold)
            throw new DomainException($"Your approved balance of {CommissionService.Money(balance, partner.Currency)} is below your payout threshold of "
                + $"{CommissionService.Money(partner.PayoutThreshold, partner.Currency)}.");
        if (lines.FirstOrDefault(l => !string.Equals(l.Currency, partner.Currency, StringComparison.OrdinalIgnoreCase)) is { } other)
            throw new DomainException($"Line {other.Id} is in {other.Currency} but your payouts are in {partner.Currency}; ask your partner manager to settle it.");

        var payout = Payout.ForLines(partnerId, lines, partner.Currency, partner.PayoutMethod, now);
        db.Payouts.Add(payout);
        await SaveAsync(db, null, ct);

        var payload = new
        {
            payoutId = payout.Id, before = (string?)null, after = nameof(PayoutStatus.Requested), amount = payout.Amount, currency = payout.Currency,
            method = payout.Method.ToString(), lineIds = lines.Select(l => l.Id).ToList(),
        };
        db.Audit(actor, now, "payout.requested", nameof(Payout), payout.Id, partnerId, payload);
        db.RecordEvent(actor, now, EventTypes.PayoutStatusChanged, partnerId, nameof(Payout), payout.Id, payload);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return payout.Id;
    }

    public Task StartProcessingAsync(Actor actor, long payoutId, int version, CancellationToken ct = default) =>
        MoveAsync(actor, payoutId, version, "payout.processing", (p, at) => p.StartProcessing(at), ct, refuseWhenHeld: true);

    /// <summary>Marks a processing payout paid with the payment's reference; its lines become Paid.</summary>
    public Task MarkPaidAsync(Actor actor, long payoutId, int version, string reference, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var r = Guard.Required(reference, nameof(Payout.Reference), 100);
        return MoveAsync(actor, payoutId, version, "payout.paid", (p, at) => p.MarkPaid(r, at), ct, refuseWhenHeld: true);
    }

    /// <summary>Marks a requested or processing payout failed; its lines are released, approved, to be paid again.</summary>
    public Task MarkFailedAsync(Actor actor, long payoutId, int version, string reason, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var r = Guard.Required(reason, "Reason", 500);
        return MoveAsync(actor, payoutId, version, "payout.failed", (p, at) => p.MarkFailed(r, at), ct);
    }

    private async Task MoveAsync(Actor actor, long payoutId, int version, string action, Action<Payout, DateTime> move, CancellationToken ct,
        bool refuseWhenHeld = false)
    {
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var payout = await db.Payouts.Include(p => p.Items).ThenInclude(i => i.Line)
            .SingleOrDefaultAsync(p => p.Id == payoutId, ct) ?? throw new NotFoundException("Payout not found.");
        actor.RequireCanChange(payout.PartnerId);
        if (payout.Version != version) throw new DomainException($"Payout {payoutId} was changed by someone else; reload.");
        if (refuseWhenHeld && await db.Partners.Where(p => p.Id == payout.PartnerId).Select(p => p.PayoutsHeldReason).SingleAsync(ct) is { } held)
            throw new DomainException($"Payouts to this partner are held: {held}");

        var before = payout.Status;
        db.Entry(payout).Property(p => p.Version).OriginalValue = version;
        move(payout, now);

        var lineIds = payout.Items.Select(i => i.CommissionLineId).Order().ToList();
        var payload = new
        {
            payoutId, before = before.ToString(), after = payout.Status.ToString(), amount = payout.Amount, currency = payout.Currency,
            method = payout.Method.ToString(), reference = payout.Reference, reason = payout.FailureReason, lineIds,
        };
        db.Audit(actor, now, action, nameof(Payout), payoutId, payout.PartnerId, payload);
        db.RecordEvent(actor, now, EventTypes.PayoutStatusChanged, payout.PartnerId, nameof(Payout), payoutId, payload);
        if (payout.Status == PayoutStatus.Paid)
            db.RecordEvent(actor, now, EventTypes.PayoutProcessed, payout.PartnerId, nameof(Payout), payoutId, payload);
        await SaveAsync(db, payoutId, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task SaveAsync(AppDbContext db, long? payoutId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(payoutId is null
                ? "Your balance changed while the payout was being requested; reload and try again."
                : $"Payout {payoutId} was changed by someone else at the same time; reload. Nothing was saved.");
        }
    }
}
