using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Domain.Home;

/// <summary>A thread waiting for the operator's answer: who, about what, waiting since when.</summary>
public sealed record AgendaThread(long ThreadId, int PartnerId, string PartnerName, string Subject, DateTime AwaitingSince);

/// <summary>A partner in the book whose acknowledgement of an announcement is past due.</summary>
public sealed record AgendaAcknowledgement(int AnnouncementId, string Title, int PartnerId, string PartnerName, DateTime DueAt);

/// <summary>A payout requested and not yet taken into processing.</summary>
public sealed record AgendaPayout(long PayoutId, int PartnerId, string PartnerName, decimal Amount, string Currency, DateTime RequestedAt);

/// <summary>A traffic quality flag raised since the start of the viewer's day.</summary>
public sealed record AgendaFlag(long FlagId, int PartnerId, string PartnerName, Compliance.FlagSeverity Severity, string Reason, DateTime DetectedAt);

/// <summary>One section of the agenda: how many in all and the first few, most urgent first.</summary>
public sealed record AgendaSection<T>(int Count, IReadOnlyList<T> Top);

/// <summary>
/// What the operator should do now. <see cref="Unanswered"/> is null for compliance users (they read, they do not answer).
/// <see cref="WholeProgram"/> is true when the sections cover every partner rather than the operator's own book.
/// </summary>
public sealed record OperatorAgendaView(
    AgendaSection<AgendaThread>? Unanswered,
    AgendaSection<AgendaAcknowledgement> OverdueAcknowledgements,
    AgendaSection<AgendaPayout> PayoutsWaiting,
    AgendaSection<AgendaFlag> FlagsToday,
    bool WholeProgram);

/// <summary>
/// The console home's agenda: the operator's unanswered threads, overdue acknowledgements in their book, payouts waiting for
/// them, flags raised today. Managers and admins see their own book (partners they manage; threads assigned to them, or
/// unassigned threads of their partners); compliance users, who have no book, see the whole program without the unanswered
/// duty. Downline threads never count. Set-based: one count and one top-N query per section.
/// </summary>
public sealed class OperatorAgenda(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int TopCount = 5;

    /// <param name="dayStartUtc">The start of "today" in the viewer's time zone, as UTC.</param>
    public async Task<OperatorAgendaView> GetAsync(Actor actor, DateTime dayStartUtc, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = clock.GetUtcNow().UtcDateTime;
        var wholeProgram = actor.IsCompliance && !actor.IsAdmin && !actor.IsManager;
        await using var db = await factory.CreateDbContextAsync(ct);
        var book = wholeProgram ? db.Partners.AsNoTracking() : db.Partners.AsNoTracking().Where(p => p.ManagerId == actor.UserId);

        var unanswered = wholeProgram ? null : await UnansweredAsync(db, actor.UserId, now, ct);

        var overdue =
            from r in db.AnnouncementRecipients.AsNoTracking()
            join a in db.Announcements on r.AnnouncementId equals a.Id
            join p in book on r.PartnerId equals p.Id
            where a.Status == AnnouncementStatus.Sent && a.RequiresAcknowledgement && a.AcknowledgementDueAt < now
                  && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < a.AcknowledgementVersion)
            select new { a.Id, a.Title, PartnerId = p.Id, p.Name, DueAt = a.AcknowledgementDueAt!.Value };
        var payouts =
            from o in db.Payouts.AsNoTracking()
            join p in book on o.PartnerId equals p.Id
            where o.Status == PayoutStatus.Requested
            select new { o.Id, PartnerId = p.Id, p.Name, o.Amount, o.Currency, o.RequestedAt };
        var flags =
            from f in db.TrafficQualityFlags.AsNoTracking()
            join p in book on f.PartnerId equals p.Id
            where f.DetectedAt >= dayStartUtc
            select new { f.Id, PartnerId = p.Id, p.Name, f.Severity, f.Reason, f.DetectedAt };

        return new OperatorAgendaView(
            unanswered,
            new(await overdue.CountAsync(ct), (await overdue.OrderBy(x => x.DueAt).ThenBy(x => x.Name).Take(TopCount).ToListAsync(ct))
                .ConvertAll(x => new AgendaAcknowledgement(x.Id, x.Title, x.PartnerId, x.Name, x.DueAt))),
            new(await payouts.CountAsync(ct), (await payouts.OrderBy(x => x.RequestedAt).Take(TopCount).ToListAsync(ct))
                .ConvertAll(x => new AgendaPayout(x.Id, x.PartnerId, x.Name, x.Amount, x.Currency, x.RequestedAt))),
            new(await flags.CountAsync(ct), (await flags.OrderByDescending(x => x.Severity).ThenByDescending(x => x.DetectedAt).Take(TopCount).ToListAsync(ct))
                .ConvertAll(x => new AgendaFlag(x.Id, x.PartnerId, x.Name, x.Severity, x.Reason, x.DetectedAt))),
            wholeProgram);
    }

    /// <summary>Open partner and record threads awaiting a reply that are the operator's: assigned to them, or unassigned on a partner they manage.</summary>
    private static async Task<AgendaSection<AgendaThread>> UnansweredAsync(AppDbContext db, string userId, DateTime now, CancellationToken ct)
    {
        var threads =
            from t in db.MessageThreads.AsNoTracking()
            join p in db.Partners on t.PartnerId equals p.Id
            where t.Kind != ThreadKind.Downline && t.AwaitingReplySince != null && t.DoneAt == null
                  && (t.SnoozedUntil == null || t.SnoozedUntil <= now)
                  && (t.AssignedToId == userId || (t.AssignedToId == null && p.ManagerId == userId))
            select new { t.Id, PartnerId = p.Id, p.Name, t.Subject, Since = t.AwaitingReplySince!.Value };
        return new(await threads.CountAsync(ct), (await threads.OrderBy(x => x.Since).Take(TopCount).ToListAsync(ct))
            .ConvertAll(x => new AgendaThread(x.Id, x.PartnerId, x.Name, x.Subject, x.Since)));
    }
}
