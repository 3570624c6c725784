using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Domain;

public sealed class SharedInboxRowsTests
{
    private static readonly InboxRow Row = new(7, 3, "Acme", Vertical.ForexIb, "Direct", ThreadKind.Direct, null, null, null, null, null, null, 0);

    private static MessageChange Change() => new(7, 3, null, 11, MessageChangeKind.Sent, "partner-user", ByOperator: false);

    [Fact]
    public async Task Every_page_shown_one_change_shares_one_read()
    {
        var rows = new SharedInboxRows(TimeProvider.System);
        var change = Change();
        var reads = 0;
        Task<InboxRow?> Read()
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult<InboxRow?>(Row);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => rows.GetOrReadAsync(change, Read))));

        Assert.Equal(1, reads);
        Assert.All(results, r => Assert.Same(Row, r));
    }

    [Fact]
    public async Task Two_equal_changes_are_two_reads()
    {
        // Done, reopened and done again by the same operator are equal records but three states of the thread.
        var rows = new SharedInboxRows(TimeProvider.System);
        var reads = 0;
        Task<InboxRow?> Read() => Task.FromResult<InboxRow?>(Row with { UnreadCount = Interlocked.Increment(ref reads) });

        var first = await rows.GetOrReadAsync(Change(), Read);
        var second = await rows.GetOrReadAsync(Change(), Read);

        Assert.Equal(2, reads);
        Assert.NotEqual(first!.UnreadCount, second!.UnreadCount);
    }

    [Fact]
    public async Task Old_changes_are_pruned()
    {
        var clock = new PartnerHub.Tests.Integration.FakeClock(DateTimeOffset.UnixEpoch);
        var rows = new SharedInboxRows(clock);
        for (var i = 0; i < 300; i++) await rows.GetOrReadAsync(Change(), () => Task.FromResult<InboxRow?>(Row));
        clock.Advance(TimeSpan.FromMinutes(2));

        await rows.GetOrReadAsync(Change(), () => Task.FromResult<InboxRow?>(Row));

        Assert.Equal(1, rows.Count);
    }
}
