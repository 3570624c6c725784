using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

/// <summary>One conversation in a list, with the caller's unread count; <see cref="PartnerRequest"/>: a record thread the partner started.</summary>
public sealed record ThreadSummary(
    long Id,
    ThreadKind Kind,
    string Subject,
    LinkedRecordType? RecordType,
    string? RecordId,
    int PartnerId,
    int? CounterpartPartnerId,
    DateTime? LastMessageAt,
    int UnreadCount,
    bool PartnerRequest = false);

/// <summary>A direct sub-IB a master IB can write to.</summary>
public sealed record DownlineRecipient(int PartnerId, string Name, PartnerStatus Status);

/// <summary>Lists of conversations, authorised like <see cref="MessagingService.GetThreadAsync"/>.</summary>
public sealed class ThreadQueries(IDbContextFactory<AppDbContext> factory, TimeProvider? clock = null)
{
    /// <summary>
    /// The threads of <paramref name="partnerId"/> the caller may read: its direct and record threads and
    /// the downline threads where it is the sub-IB or the master. A partner may only ask for itself.
    /// The direct thread comes first, then the others by their latest message.
    /// </summary>
    public async Task<IReadOnlyList<ThreadSummary>> ThreadListAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        if (actor.IsPartner && !actor.IsOperator)
        {
            if (actor.PartnerId != partnerId) throw new AccessDeniedException();
        }
        else actor.RequireOperator();

        await using var db = await factory.CreateDbContextAsync(ct);
        var threads = await db.MessageThreads.AsNoTracking()
            .Where(t => t.PartnerId == partnerId || (t.Kind == ThreadKind.Downline && t.CounterpartPartnerId == partnerId))
            .ToListAsync(ct);
        var access = await ThreadAccess.OfAsync(db, actor, threads, DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime), ct);
        threads = threads.Where(t => access[t.Id].Read).ToList();
        if (threads.Count == 0) return [];

        var ids = threads.Select(t => t.Id).ToList();
        var userId = actor.UserId;
        var hideRetracted = actor.IsPartner && !actor.IsOperator;
        var unread = await db.Messages.AsNoTracking()
            .Where(m => ids.Contains(m.ThreadId)
                        && (m.AuthorUserId == null || m.AuthorUserId != userId)
                        && (!hideRetracted || m.RetractedAt == null)
                        && !db.MessageReceipts.Any(r => r.MessageId == m.Id && r.UserId == userId))
            .GroupBy(m => m.ThreadId)
            .Select(g => new { ThreadId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ThreadId, x => x.Count, ct);

        var partnerIds = threads.Select(t => t.PartnerId).Concat(threads.Where(t => t.CounterpartPartnerId != null).Select(t => t.CounterpartPartnerId!.Value))
            .Distinct().ToList();
        var names = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var titles = await RecordTitles.OfThreadsAsync(db, threads, ct);

        return threads
            .OrderBy(t => t.Kind == ThreadKind.Direct ? 0 : 1)
            .ThenByDescending(t => t.LastMessageAt ?? t.CreatedAt)
            .ThenByDescending(t => t.Id)
            .Select(t => new ThreadSummary(t.Id, t.Kind, SubjectFor(t, partnerId, names, titles), t.RecordType, t.RecordId, t.PartnerId,
                t.CounterpartPartnerId, t.LastMessageAt, unread.GetValueOrDefault(t.Id), t.PartnerRequest))
            .ToList();
    }

    /// <summary>
    /// The conversations about records of one type (payouts, commission lines, deal versions...) of a partner,
    /// by record id, for the record's own view to list. Authorised like <see cref="ThreadListAsync"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ThreadSummary>>> RecordThreadsAsync(Actor actor, int partnerId,
        LinkedRecordType type, CancellationToken ct = default)
    {
        var threads = await ThreadListAsync(actor, partnerId, ct);
        return threads.Where(t => t.Kind == ThreadKind.Record && t.RecordType == type && t.RecordId is not null && t.PartnerId == partnerId)
            .GroupBy(t => t.RecordId!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ThreadSummary>)g.ToList());
    }

    /// <summary>
    /// The direct sub-IBs the caller (a partner) can message as their master IB, by name; empty for
    /// anyone else or a partner without sub-IBs. Suspended and terminated sub-IBs are never offered.
    /// </summary>
    public async Task<IReadOnlyList<DownlineRecipient>> DownlineRecipientsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsPartner || actor.PartnerId is not { } masterId) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = await db.PartnerHierarchy.AsNoTracking().Where(h => h.AncestorId == masterId && h.Depth == 1)
            .Select(h => h.DescendantId).ToListAsync(ct);
        if (ids.Count == 0) return [];
        var reachable = PartnerStatusRules.DownlineReachable.ToList();
        var rows = await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id) && reachable.Contains(p.Status))
            .Select(p => new DownlineRecipient(p.Id, p.Name, p.Status)).ToListAsync(ct);
        return rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.PartnerId).ToList();
    }

    private static string SubjectFor(MessageThread t, int viewedPartnerId, Dictionary<int, string> names, Dictionary<long, string> titles) => t.Kind switch
    {
        ThreadKind.Downline when t.CounterpartPartnerId == viewedPartnerId =>
            $"{names.GetValueOrDefault(t.PartnerId) ?? t.PartnerId.ToString(System.Globalization.CultureInfo.InvariantCulture)} (sub-IB)",
        ThreadKind.Downline when t.CounterpartPartnerId is { } master =>
            $"Master IB: {names.GetValueOrDefault(master) ?? master.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        _ => titles.GetValueOrDefault(t.Id) ?? t.Subject,
    };
}
