using Bunit;
using Microsoft.AspNetCore.Components;
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

/// <summary>The operator's record picker: a searchable list of the partner's records with readable labels, never a raw id field.</summary>
public sealed class RecordPickerFieldTests : MudTestContext, IClassFixture<RecordPickerFieldTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser Manager { get; private set; } = default!;
        public int PartnerId { get; private set; }
        public long PaidId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            PartnerId = await new PartnerService(Factory, Clock).CreateAsync(admin, new NewPartner
            {
                Name = "Picker Media", Email = "picker@records.test", Vertical = Vertical.IGamingAffiliate, Country = "MT",
            });
            await using var db = CreateContext();
            var now = Clock.GetUtcNow().UtcDateTime;
            var paid = new Payout(PartnerId, 1250m, "USD", PayoutMethod.BankWire, now);
            paid.StartProcessing(now);
            paid.MarkPaid("WIRE-PICK-9", now);
            db.Payouts.AddRange(paid, new Payout(PartnerId, 80m, "USD", PayoutMethod.BankWire, now));
            await db.SaveChangesAsync();
            PaidId = paid.Id;
        }
    }

    private readonly Data data;

    public RecordPickerFieldTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddScoped<RecordPicker>();
    }

    [Fact]
    public async Task Searching_lists_the_partners_payouts_by_label_and_picking_one_gives_its_record()
    {
        SignInAs(data.Manager, Roles.Manager);
        var popovers = RenderPopovers();
        RecordOption? picked = null;
        var cut = Render<RecordPickerField>(p => p.Add(f => f.PartnerId, data.PartnerId)
            .Add(f => f.SelectedChanged, EventCallback.Factory.Create<RecordOption?>(this, o => picked = o)));

        Assert.DoesNotContain("Record number", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Payout to discuss", cut.Markup, StringComparison.Ordinal);
        var box = cut.FindComponent<MudAutocomplete<RecordOption>>();
        await box.Find("input").InputAsync(new ChangeEventArgs { Value = "pick-9" });

        const string label = "Payout · 2 Mar 2026 · 1,250.00 USD · Paid";
        popovers.WaitForAssertion(() => Assert.Contains(label, popovers.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("80.00 USD", popovers.Markup, StringComparison.Ordinal);
        await popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Contains(label, StringComparison.Ordinal)).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(data.PaidId.ToString(System.Globalization.CultureInfo.InvariantCulture), picked?.Id));
        Assert.Equal(LinkedRecordType.Payout, picked!.Type);
    }
}
