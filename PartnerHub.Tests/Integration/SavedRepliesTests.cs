using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Saved replies against a migrated SQLite file: who sees and changes which, the audit trail, stale versions, and filling for a thread.</summary>
public sealed class SavedRepliesTests(SavedRepliesTests.Data data) : IClassFixture<SavedRepliesTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Actor Admin { get; private set; } = null!;
        public Actor Manager { get; private set; } = null!;
        public Actor Manager2 { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;
        public Actor Partner { get; private set; } = null!;
        public int PartnerId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Admin = await AddActorAsync(Roles.Admin);
            var manager = await AddUserAsync(Roles.Manager, "Maya Levi");
            Manager = ActorFor(manager, Roles.Manager);
            Manager2 = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
            PartnerId = await new PartnerService(Factory, Clock).CreateAsync(Admin, new NewPartner
            {
                Name = "Oliver **Grant**", Email = "oliver@replies.test", Vertical = Vertical.IGamingAffiliate, Country = "GB", ManagerId = manager.Id,
            });
            Partner = await AddActorAsync(Roles.Partner, PartnerId);
        }
    }

    private SavedReplies Service => new(data.Factory, data.Clock);

    [Fact]
    public async Task Shared_replies_are_everyones_personal_ones_their_owners_and_compliance_writes_none()
    {
        var shared = await Service.CreateAsync(data.Manager, shared: true, "Team answer", "Hi {{partner.name}}");
        var mine = await Service.CreateAsync(data.Manager, shared: false, "My answer", "Hello");

        var seenByOther = await Service.ListAsync(data.Manager2);
        Assert.Contains(seenByOther, r => r.Id == shared && r.IsShared && r.CanEdit);
        Assert.DoesNotContain(seenByOther, r => r.Id == mine);
        Assert.Contains(await Service.ListAsync(data.Manager), r => r.Id == mine && !r.IsShared && r.CanEdit);
        Assert.Contains(await Service.ListAsync(data.Compliance), r => r.Id == shared && !r.CanEdit);

        await Assert.ThrowsAsync<NotFoundException>(() => Service.UpdateAsync(data.Manager2, mine, 1, "Taken", "Over"));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.DeleteAsync(data.Admin, mine, 1));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.CreateAsync(data.Compliance, shared: true, "No", "No"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.UpdateAsync(data.Compliance, shared, 1, "No", "No"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ListAsync(data.Partner));

        // Another manager may change a shared reply; the audit keeps before and after.
        await Service.UpdateAsync(data.Manager2, shared, 1, "Team answer", "Hello {{partner.first_name}}");
        await using var db = data.CreateContext();
        var id = shared.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(["saved_reply.changed", "saved_reply.created"],
            (await db.AuditLog.Where(a => a.EntityType == nameof(SavedReply) && a.EntityId == id).Select(a => a.Action).ToListAsync()).Order());
        var changed = await db.AuditLog.SingleAsync(a => a.EntityId == id && a.Action == "saved_reply.changed");
        Assert.Contains("Hi {{partner.name}}", changed.Details);
        Assert.Equal(data.Manager2.UserId, changed.UserId);
    }

    [Fact]
    public async Task A_stale_version_an_unknown_placeholder_and_a_missing_title_are_refused_at_their_field()
    {
        var id = await Service.CreateAsync(data.Admin, shared: true, "Versioned", "One");
        await Service.UpdateAsync(data.Admin, id, 1, "Versioned", "Two");

        var stale = await Assert.ThrowsAsync<DomainException>(() => Service.UpdateAsync(data.Manager, id, 1, "Versioned", "Three"));
        Assert.Contains("changed by someone else", stale.Message);
        await Assert.ThrowsAsync<DomainException>(() => Service.DeleteAsync(data.Manager, id, 1));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => Service.CreateAsync(data.Admin, true, "Bad", "Hi {{partner.nickname}}"));
        Assert.Equal(nameof(SavedReply.Body), unknown.Field);
        var title = await Assert.ThrowsAsync<DomainException>(() => Service.CreateAsync(data.Admin, true, " ", "Body"));
        Assert.Equal(nameof(SavedReply.Title), title.Field);

        await Service.DeleteAsync(data.Manager, id, 2);
        Assert.DoesNotContain(await Service.ListAsync(data.Admin), r => r.Id == id);
        await using var db = data.CreateContext();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "saved_reply.deleted" && a.EntityId == id.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_reply_is_filled_from_the_threads_partner_and_payout_and_refused_where_the_record_is_absent()
    {
        var reply = await Service.CreateAsync(data.Admin, shared: true, "Payout status",
            "Hi {{partner.first_name}} ({{partner.name}}), your payout of {{payout.amount}} is {{payout.status}}. {{manager.name}}");
        string payoutId;
        await using (var db = data.CreateContext())
        {
            var payout = new Payout(data.PartnerId, 1250m, "USD", PayoutMethod.BankWire, data.Clock.GetUtcNow().UtcDateTime);
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            payoutId = payout.Id.ToString(CultureInfo.InvariantCulture);
        }
        var recordThread = await new RecordConversations(data.Factory, data.Clock)
            .DiscussAsync(data.Partner, data.PartnerId, LinkedRecordType.Payout, payoutId, "Where is it?");
        var direct = await new MessagingService(data.Factory, data.Clock).GetOrCreateDirectThreadAsync(data.Manager, data.PartnerId);

        var filled = await Service.FillAsync(data.Manager2, reply, recordThread);
        Assert.Equal("<p>Hi Oliver (Oliver **Grant**), your payout of 1,250.00 USD is Requested. Maya Levi</p>", SafeMarkdown.ToHtml(filled).Trim());

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service.FillAsync(data.Manager, reply, direct));
        Assert.Contains("{{payout.amount}} needs a conversation about a payout", refused.Message);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.FillAsync(data.Compliance, reply, recordThread));
    }
}
