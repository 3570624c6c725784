using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Messaging;

/// <summary>The snooze picker's choices; <see cref="Custom"/> takes a time from the operator.</summary>
public enum SnoozeChoice { LaterToday = 1, TomorrowMorning = 2, NextWeek = 3, Custom = 4 }

/// <summary>
/// The operators' triage of a thread: Done (closed until the partner writes again), Snooze until a time, Reopen, and a personal
/// Mark unread. Admins and managers only (Compliance reads, it does not triage). Each change is audited in its transaction,
/// refused when the thread changed since the operator saw it (<see cref="MessageThread.Version"/>), and told to the open inboxes
/// after the commit.
/// </summary>
public sealed class ThreadTriage(IDbContextFactory<AppDbContext> factory, TimeProvider clock, IMessageSignal? signal = null)
{
    /// <summary>"Later today" is this long from now.</summary>
    public static readonly TimeSpan LaterToday = TimeSpan.FromHours(3);
    /// <summary>The local hour "tomorrow" and "next week" wake a thread.</summary>
    public const int MorningHour = 9;

    public Task MarkDoneAsync(Actor actor, long threadId, int seenVersion, CancellationToken ct = default) =>
        ChangeAsync(actor, threadId, seenVersion, "thread.done", (thread, now) =>
        {
            thread.MarkDone(actor.UserId, now);
            return new { doneAt = now };
        }, ct);

    public Task SnoozeAsync(Actor actor, long threadId, DateTime untilUtc, int seenVersion, CancellationToken ct = default) =>
        ChangeAsync(actor, threadId, seenVersion, "thread.snoozed", (thread, now) =>
        {
            thread.Snooze(DateTime.SpecifyKind(untilUtc, DateTimeKind.Utc), now);
            return new { until = thread.SnoozedUntil };
        }, ct);

    public Task ReopenAsync(Actor actor, long threadId, int seenVersion, CancellationToken ct = default) =>
        ChangeAsync(actor, threadId, seenVersion, "thread.reopened", (thread, _) =>
        {
            var before = new { thread.DoneAt, thread.SnoozedUntil };
            if (before.DoneAt is null && before.SnoozedUntil is null) throw new DomainException("The thread is already open.");
            thread.Reopen();
            return new { before };
        }, ct);

    /// <summary>
    /// Shows the thread as unread to the caller alone, until the caller reads it again (<see cref="ReceiptService.MarkReadAsync"/>).
    /// Receipts are evidence and stay; the mark is a separate row.
    /// </summary>
    public async Task MarkUnreadAsync(Actor actor, long threadId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var thread = await db.MessageThreads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, ct)
            ?? throw new NotFoundException("Thread not found.");
        if (await db.ThreadUnreadMarks.AnyAsync(m => m.ThreadId == threadId && m.UserId == actor.UserId, ct)) return;
        db.ThreadUnreadMarks.Add(new ThreadUnreadMark(threadId, actor.UserId, now));
        db.Audit(actor, now, "thread.marked-unread", nameof(MessageThread), thread.Id, thread.PartnerId, new { });
        await db.SaveChangesAsync(ct);
        Tell(thread, actor);
    }

    /// <summary>
    /// The time a snooze choice means for an operator in <paramref name="zone"/>: later today is <see cref="LaterToday"/> from now;
    /// tomorrow and next week (Monday) wake at <see cref="MorningHour"/>:00 local time. Custom has no time of its own.
    /// </summary>
    public static DateTime SnoozeUntil(SnoozeChoice choice, DateTime nowUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        nowUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var today = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone).Date;
        return choice switch
        {
            SnoozeChoice.LaterToday => nowUtc + LaterToday,
            SnoozeChoice.TomorrowMorning => Morning(today.AddDays(1), zone),
            SnoozeChoice.NextWeek => Morning(today.AddDays(DaysToNextMonday(today.DayOfWeek)), zone),
            _ => throw new DomainException("Pick a time to snooze until.", nameof(MessageThread.SnoozedUntil)),
        };
    }

    /// <summary>1 to 7: a Monday goes to the following Monday.</summary>
    private static int DaysToNextMonday(DayOfWeek day) => ((int)DayOfWeek.Monday - (int)day + 6) % 7 + 1;

    private static DateTime Morning(DateTime localDay, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(localDay.AddHours(MorningHour), DateTimeKind.Unspecified);
        // A 9:00 that a clock change skips does not exist; an hour later does.
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private async Task ChangeAsync(Actor actor, long threadId, int seenVersion, string action,
        Func<MessageThread, DateTime, object> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var thread = await db.MessageThreads.SingleOrDefaultAsync(t => t.Id == threadId, ct) ?? throw new NotFoundException("Thread not found.");
        if (thread.Kind == ThreadKind.Downline) throw new DomainException("Downline threads are between partners; there is nothing to triage.");
        if (thread.Version != seenVersion) throw Stale();
        db.Entry(thread).Property(t => t.Version).OriginalValue = seenVersion;
        var details = change(thread, now);
        db.Audit(actor, now, action, nameof(MessageThread), thread.Id, thread.PartnerId, details);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
        Tell(thread, actor);
    }

    private static DomainException Stale() => new("The thread was changed by someone else; reload and try again.");

    private void Tell(MessageThread thread, Actor actor) =>
        signal?.Changed(new MessageChange(thread.Id, thread.PartnerId, thread.CounterpartPartnerId, 0, MessageChangeKind.Triaged, actor.UserId, ByOperator: true));
}
