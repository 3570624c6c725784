using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;

namespace PartnerHub.Tests.Components;

/// <summary>The composer's saved replies: previewed filled for the thread, put in the message box on "Use"; not offered to Compliance.</summary>
public sealed class ComposerSavedRepliesTests : MudTestContext, IClassFixture<ComposerSavedRepliesTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser Compliance { get; private set; } = default!;
        public long ThreadId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Compliance = await AddUserAsync(Roles.Compliance, "Cora Compliance");
            var partnerId = await new PartnerService(Factory, Clock).CreateAsync(admin, new NewPartner
            {
                Name = "Oliver Grant", Email = "oliver@composer.test", Vertical = Vertical.IGamingAffiliate, Country = "MT",
            });
            var partner = await AddUserAsync(Roles.Partner, "Oliver Grant", partnerId);
            string payoutId;
            await using (var db = CreateContext())
            {
                var payout = new Payout(partnerId, 1250m, "USD", PayoutMethod.BankWire, Clock.GetUtcNow().UtcDateTime);
                db.Payouts.Add(payout);
                await db.SaveChangesAsync();
                payoutId = payout.Id.ToString(CultureInfo.InvariantCulture);
            }
            ThreadId = await new RecordConversations(Factory, Clock)
                .DiscussAsync(ActorFor(partner, Roles.Partner), partnerId, LinkedRecordType.Payout, payoutId, "Where is my payout?");
            await new SavedReplies(Factory, Clock).CreateAsync(admin, shared: true, "Payout status",
                "Hi {{partner.first_name}}, your payout of **{{payout.amount}}** is {{payout.status}}.");
        }
    }

    private readonly Data data;

    public ComposerSavedRepliesTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<MessagingService>();
        Services.AddScoped<InboxQueries>();
        Services.AddScoped<SavedReplies>();
    }

    [Fact]
    public async Task The_manager_previews_a_saved_reply_filled_for_the_thread_and_uses_it_in_the_message_box()
    {
        SignInAs(data.Manager, Roles.Manager);
        var popovers = RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Composer>(p => p.Add(c => c.ThreadId, data.ThreadId));

        cut.WaitForAssertion(() => Assert.Contains("Partner request", cut.Find("[data-testid='partner-request']").TextContent, StringComparison.Ordinal));
        await cut.Find("button[aria-label='Saved replies']").ClickAsync(new());
        popovers.WaitForAssertion(() => Assert.Contains("Payout status", popovers.Markup, StringComparison.Ordinal));
        var item = popovers.FindAll(".mud-menu-item, .mud-list-item").First(i => i.TextContent.Contains("Payout status", StringComparison.Ordinal));
        var choosing = item.ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid='saved-reply-preview']")));
        var preview = dialogs.Find("[data-testid='saved-reply-preview']");
        Assert.Equal("Hi Oliver, your payout of 1,250.00 USD is Requested.", preview.TextContent.Trim());
        Assert.Equal("1,250.00 USD", preview.QuerySelector("strong")?.TextContent);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Use").ClickAsync(new());
        await choosing;

        cut.WaitForAssertion(() => Assert.Equal("Hi Oliver, your payout of **1,250.00 USD** is Requested.", cut.Find("textarea").GetAttribute("value")));
    }

    [Fact]
    public void Compliance_is_offered_no_saved_replies()
    {
        SignInAs(data.Compliance, Roles.Compliance);

        var cut = Render<Composer>(p => p.Add(c => c.ThreadId, data.ThreadId));

        Assert.Empty(cut.FindAll("[aria-label='Saved replies']"));
        Assert.Empty(cut.FindAll("[data-testid='partner-request']"));
    }
}
