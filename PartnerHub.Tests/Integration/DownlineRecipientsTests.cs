using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>A master IB's downline send on a migrated SQLite file: suspended and terminated sub-IBs are never offered and never written to.</summary>
public sealed class DownlineRecipientsTests(DownlineRecipientsTests.Data data) : IClassFixture<DownlineRecipientsTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Actor Master { get; private set; } = null!;
        public int Active { get; private set; }
        public int Applied { get; private set; }
        public int Suspended { get; private set; }
        public int Terminated { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            var partners = new PartnerService(Factory, Clock);
            Task<int> Create(string name, int? parent) => partners.CreateAsync(admin, new NewPartner
            {
                Name = name, Email = $"{name.ToLowerInvariant()}@recipients.test", Vertical = Vertical.ForexIb, Country = "AE", ParentId = parent,
            });
            var master = await Create("Master", null);
            Master = await AddActorAsync(Roles.Partner, master);
            (Active, Applied, Suspended, Terminated) = (await Create("Active", master), await Create("Applied", master),
                await Create("Suspended", master), await Create("Terminated", master));
            await using var db = CreateContext();
            var rows = await db.Partners.Where(p => p.Id == Active || p.Id == Suspended || p.Id == Terminated).ToDictionaryAsync(p => p.Id);
            rows[Active].ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            rows[Suspended].ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            rows[Suspended].ChangeStatus(PartnerStatus.Suspended, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            rows[Terminated].ChangeStatus(PartnerStatus.Terminated, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            await db.SaveChangesAsync();
        }
    }

    private MessagingService Messaging => new(data.Factory, data.Clock);

    private async Task<int> MessagesTo(int partnerId, string body)
    {
        await using var db = data.CreateContext();
        return await db.Messages.CountAsync(m => m.Body == body && db.MessageThreads.Any(t => t.Id == m.ThreadId && t.PartnerId == partnerId));
    }

    [Fact]
    public async Task Suspended_and_terminated_sub_IBs_are_not_offered()
    {
        var recipients = await new ThreadQueries(data.Factory).DownlineRecipientsAsync(data.Master);

        Assert.Equal([data.Active, data.Applied], recipients.Select(r => r.PartnerId).Order());
        Assert.Equal(PartnerStatus.Active, recipients.Single(r => r.PartnerId == data.Active).Status);
    }

    [Theory]
    [InlineData("Suspended")]
    [InlineData("Terminated")]
    public async Task The_service_refuses_a_suspended_or_terminated_sub_IB_and_sends_to_no_one(string which)
    {
        var closed = which == "Suspended" ? data.Suspended : data.Terminated;
        var body = $"Rebates {Guid.NewGuid():N}";

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Messaging.BroadcastToDownlineAsync(data.Master, body, [data.Active, closed]));

        Assert.Equal("Recipients", refusal.Field);
        Assert.Contains(which.ToLowerInvariant(), refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, await MessagesTo(data.Active, body));
        Assert.Equal(0, await MessagesTo(closed, body));
    }

    [Fact]
    public async Task Sending_to_all_leaves_out_suspended_and_terminated_sub_IBs()
    {
        var body = $"Everyone {Guid.NewGuid():N}";

        Assert.Equal(2, await Messaging.BroadcastToDownlineAsync(data.Master, body, null));

        Assert.Equal(1, await MessagesTo(data.Active, body));
        Assert.Equal(1, await MessagesTo(data.Applied, body));
        Assert.Equal(0, await MessagesTo(data.Suspended, body));
        Assert.Equal(0, await MessagesTo(data.Terminated, body));
    }

    [Fact]
    public async Task Sending_to_one_chosen_sub_IB_reaches_only_that_one()
    {
        var body = $"Just you {Guid.NewGuid():N}";

        Assert.Equal(1, await Messaging.BroadcastToDownlineAsync(data.Master, body, [data.Applied]));

        Assert.Equal(1, await MessagesTo(data.Applied, body));
        Assert.Equal(0, await MessagesTo(data.Active, body));
    }
}
