using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// Who may read and write a thread, with what only the database knows added to the role rules of
/// <see cref="CanRead"/> and <see cref="CanWrite"/>:
/// <list type="bullet">
/// <item>a downline thread follows the current IB tree: once its master IB is no longer the sub-IB's direct upline, the
/// former master can neither read nor write it, and the sub-IB keeps its own history read-only;</item>
/// <item>a thread about a creative is for a partner who can see the creative (<see cref="CreativeAudience"/>).</item>
/// </list>
/// Operators are not affected.
/// </summary>
internal static class ThreadAccess
{
    public readonly record struct Access(bool Read, bool Write);

    /// <summary>
    /// Operators read every thread. A partner reads its own direct and record threads, and downline
    /// threads where it is the sub-IB or the master; never a sub-IB's threads with the program.
    /// </summary>
    public static bool CanRead(Actor actor, MessageThread thread)
    {
        if (actor.IsOperator) return true;
        if (!actor.IsPartner) return false;
        return thread.Kind == ThreadKind.Downline
            ? thread.PartnerId == actor.PartnerId || thread.CounterpartPartnerId == actor.PartnerId
            : thread.PartnerId == actor.PartnerId;
    }

    /// <summary>
    /// Admins and managers write in direct and record threads (downline threads are read-only for
    /// operators); Compliance never writes; partners write where they read.
    /// </summary>
    public static bool CanWrite(Actor actor, MessageThread thread)
    {
        if (actor.IsPartner && !actor.IsOperator) return CanRead(actor, thread);
        if (actor.IsCompliance && !actor.CanWrite) return false;
        return actor.CanWrite && thread.Kind != ThreadKind.Downline;
    }

    public static async Task<Access> OfAsync(AppDbContext db, Actor actor, MessageThread thread, DateOnly today, CancellationToken ct) =>
        (await OfAsync(db, actor, [thread], today, ct))[thread.Id];

    /// <summary>The caller's access to each thread: one query for the tree, one for creative visibility.</summary>
    public static async Task<IReadOnlyDictionary<long, Access>> OfAsync(AppDbContext db, Actor actor, IReadOnlyCollection<MessageThread> threads,
        DateOnly today, CancellationToken ct)
    {
        var result = threads.ToDictionary(t => t.Id, t => new Access(CanRead(actor, t), CanWrite(actor, t)));
        if (actor.IsOperator || !actor.IsPartner || actor.PartnerId is not { } me) return result;

        var downline = threads.Where(t => t.Kind == ThreadKind.Downline && result[t.Id].Read).ToList();
        if (downline.Count > 0)
        {
            var subIbs = downline.Select(t => t.PartnerId).Distinct().ToList();
            var uplineOf = await db.PartnerHierarchy.AsNoTracking().Where(h => subIbs.Contains(h.DescendantId) && h.Depth == 1)
                .Select(h => new { h.DescendantId, h.AncestorId }).ToListAsync(ct);
            var current = uplineOf.Select(h => (h.DescendantId, h.AncestorId)).ToHashSet();
            foreach (var t in downline.Where(t => !current.Contains((t.PartnerId, t.CounterpartPartnerId ?? 0))))
                result[t.Id] = t.CounterpartPartnerId == me ? new Access(false, false) : new Access(true, false);
        }

        var aboutCreatives = threads.Where(t => t.Kind == ThreadKind.Record && t.RecordType == LinkedRecordType.Creative && result[t.Id].Read).ToList();
        if (aboutCreatives.Count > 0)
        {
            var creativeIds = aboutCreatives.Select(t => CreativeId(t.RecordId)).OfType<int>().Distinct().ToList();
            var visible = await CreativeAudience.VisibleToAsync(db, me, creativeIds, today, ct);
            foreach (var t in aboutCreatives.Where(t => CreativeId(t.RecordId) is not { } id || !visible.Contains(id)))
                result[t.Id] = new Access(false, false);
        }
        return result;
    }

    /// <summary>
    /// The threads a partner's role rule would show but the database rules hide (downline threads of a former master,
    /// threads about creatives the partner can no longer see), for queries that filter in SQL to exclude by id. Few rows:
    /// only the partner's downline-as-master and creative threads are read.
    /// </summary>
    public static async Task<IReadOnlyList<long>> HiddenFromPartnerAsync(AppDbContext db, Actor actor, DateOnly today, CancellationToken ct)
    {
        if (actor.IsOperator || !actor.IsPartner || actor.PartnerId is not { } me) return [];
        var candidates = await db.MessageThreads.AsNoTracking()
            .Where(t => (t.Kind == ThreadKind.Downline && t.CounterpartPartnerId == me)
                        || (t.Kind == ThreadKind.Record && t.RecordType == LinkedRecordType.Creative && t.PartnerId == me))
            .ToListAsync(ct);
        if (candidates.Count == 0) return [];
        var access = await OfAsync(db, actor, candidates, today, ct);
        return candidates.Where(t => !access[t.Id].Read).Select(t => t.Id).ToList();
    }

    /// <summary>Refuses with <see cref="AccessDeniedException"/> unless the caller may read (and, when asked, write in) the thread.</summary>
    public static async Task RequireAsync(AppDbContext db, Actor actor, MessageThread thread, bool write, DateOnly today, CancellationToken ct)
    {
        var access = await OfAsync(db, actor, thread, today, ct);
        if (!access.Read) throw new AccessDeniedException();
        if (write && !access.Write) throw new AccessDeniedException("You can read this conversation but not write in it.");
    }

    /// <summary>Whether a partner can see a creative, for starting a thread about it.</summary>
    public static async Task<bool> CanSeeCreativeAsync(AppDbContext db, Actor actor, string recordId, DateOnly today, CancellationToken ct)
    {
        if (actor.IsOperator) return true;
        if (actor.PartnerId is not { } me || CreativeId(recordId) is not { } id) return false;
        return (await CreativeAudience.VisibleToAsync(db, me, [id], today, ct)).Contains(id);
    }

    private static int? CreativeId(string? recordId) =>
        int.TryParse(recordId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
