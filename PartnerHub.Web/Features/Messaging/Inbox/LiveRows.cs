using PartnerHub.Domain.Messaging;

namespace PartnerHub.Web.Features.Messaging.Inbox;

/// <summary>
/// The rows an inbox page shows, as last re-read after a live change, and the cells that show each one: a change re-renders
/// the cells of its row (<see cref="InboxCell"/>), never the whole grid. Used on one circuit's dispatcher only.
/// </summary>
public sealed class LiveRows
{
    private readonly Dictionary<long, InboxRow> _fresh = [];
    private readonly Dictionary<long, List<Action>> _cells = [];

    /// <summary>The row as last re-read, else as the page loaded it.</summary>
    public InboxRow Current(InboxRow loaded) => _fresh.GetValueOrDefault(loaded.ThreadId, loaded);

    /// <summary>After a load: every row is as loaded again.</summary>
    public void Clear() => _fresh.Clear();

    /// <summary>Keeps <paramref name="row"/> and re-renders the cells that show its thread.</summary>
    public void Replace(InboxRow row)
    {
        _fresh[row.ThreadId] = row;
        if (!_cells.TryGetValue(row.ThreadId, out var cells)) return;
        foreach (var render in cells.ToArray()) render();
    }

    /// <summary>Calls <paramref name="render"/> when the thread's row changes, until disposed.</summary>
    public IDisposable Listen(long threadId, Action render)
    {
        if (!_cells.TryGetValue(threadId, out var cells)) _cells[threadId] = cells = [];
        cells.Add(render);
        return new Listening(this, threadId, render);
    }

    private sealed class Listening(LiveRows rows, long threadId, Action render) : IDisposable
    {
        public void Dispose()
        {
            if (!rows._cells.TryGetValue(threadId, out var cells)) return;
            cells.Remove(render);
            if (cells.Count == 0) rows._cells.Remove(threadId);
        }
    }
}
