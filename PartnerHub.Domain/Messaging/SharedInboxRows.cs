using System.Collections.Concurrent;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// The inbox row of a thread as re-read after one live change, shared by every operator page that shows the thread: the first
/// page to ask reads it, the others await that same read, so a message costs one query however many inboxes are open. Entries
/// are kept a minute (a late page still finds its change) and pruned as new changes arrive.
/// </summary>
public sealed class SharedInboxRows(TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);
    private const int PruneAbove = 256;
    // By reference: the hub hands the same change object to every circuit, and two equal changes (Done twice) are two reads.
    private readonly ConcurrentDictionary<MessageChange, (DateTime At, Lazy<Task<InboxRow?>> Row)> _rows = new(ReferenceEqualityComparer.Instance);

    /// <summary>The row read once for <paramref name="change"/> (by <paramref name="read"/> on the first call).</summary>
    public Task<InboxRow?> GetOrReadAsync(MessageChange change, Func<Task<InboxRow?>> read)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_rows.Count > PruneAbove)
            foreach (var (key, entry) in _rows)
                if (now - entry.At > Keep) _rows.TryRemove(key, out _);
        return _rows.GetOrAdd(change, _ => (now, new Lazy<Task<InboxRow?>>(read))).Row.Value;
    }

    /// <summary>How many changes are held (for tests).</summary>
    public int Count => _rows.Count;
}
