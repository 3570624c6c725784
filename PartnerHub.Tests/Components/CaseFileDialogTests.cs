using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerHub.Domain.CaseFiles;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.CaseFiles;

namespace PartnerHub.Tests.Components;

/// <summary>
/// The "Case file" button and dialog: for Compliance and Admin only, labelled range (last 90 days by default) and include
/// checkboxes, a refusal at the field, and a generation that runs in the worker and ends with the download link.
/// </summary>
public sealed class CaseFileDialogTests : MudTestContext, IClassFixture<CaseFileDialogTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser Compliance { get; private set; } = default!;
        public ApplicationUser Manager { get; private set; } = default!;
        public int PartnerId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Compliance = await AddUserAsync(Roles.Compliance, "Cora Compliance");
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            var admin = await AddActorAsync(Roles.Admin);
            PartnerId = await new PartnerService(Factory, Clock).CreateAsync(admin,
                new NewPartner { Name = "Case Media", Email = "case@casefile.test", Vertical = Vertical.IGamingAffiliate, Country = "MT" });
        }
    }

    private readonly Data data;
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"ph-casefile-ui-{Guid.NewGuid():N}");
    private readonly CaseFileJobs jobs;

    public CaseFileDialogTests(Data data)
    {
        this.data = data;
        jobs = new CaseFileJobs(NullLogger<CaseFileJobs>.Instance, Path.Combine(folder, "case-files"), data.Clock);
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddSingleton(new AttachmentStore(folder));
        Services.AddScoped(sp => new CaseFileService(data.Factory, data.Clock, sp.GetRequiredService<AttachmentStore>()));
        Services.AddSingleton(jobs);
    }

    private IRenderedComponent<MudBlazor.MudDialogProvider> OpenDialog()
    {
        RenderPopovers();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var button = Render<CaseFileButton>(p => p.Add(b => b.PartnerId, data.PartnerId).Add(b => b.PartnerName, "Case Media"));
        button.InvokeAsync(() => button.Find("button").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Generate", dialogs.Markup, StringComparison.Ordinal));
        return dialogs;
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string label) =>
        dialogs.FindAll(".mud-input-control").First(c => c.QuerySelector("label")?.TextContent.Trim() == label).QuerySelector("input")!;

    /// <summary>Clicks the dialog's button once it has rendered (the dialog loads before it shows its actions).</summary>
    private static async Task ClickAsync(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string text)
    {
        AngleSharp.Dom.IElement? button = null;
        dialogs.WaitForAssertion(() => button = Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Trim() == text));
        await dialogs.InvokeAsync(() => button!.ClickAsync(new()));
    }

    [Fact]
    public async Task A_manager_cannot_make_a_case_file_but_requests_one_with_a_reason()
    {
        SignInAs(data.Manager, Roles.Manager);
        RenderPopovers();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<CaseFileButton>(p => p.Add(b => b.PartnerId, data.PartnerId).Add(b => b.PartnerName, "Case Media"));
        Assert.Equal(["Request case file"], cut.FindAll("button").Select(b => b.TextContent.Trim()));

        await cut.InvokeAsync(() => cut.Find("button").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Send request", dialogs.Markup, StringComparison.Ordinal));
        await ClickAsync(dialogs, "Send request");
        dialogs.WaitForAssertion(() => Assert.Contains("Reason is required.", dialogs.Markup, StringComparison.Ordinal));

        dialogs.Find("textarea").Change("Partner disputes the March payout");
        await ClickAsync(dialogs, "Send request");
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Send request", dialogs.Markup, StringComparison.Ordinal));
        await using var db = data.CreateContext();
        Assert.True(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.AuditLog,
            a => a.Action == "casefile.requested" && a.PartnerId == data.PartnerId && a.UserId == data.Manager.Id));
    }

    [Fact]
    public void The_dialog_offers_the_last_90_days_and_every_part_each_labelled()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var dialogs = OpenDialog();

        var (from, to) = CaseFileRequest.DefaultRange(data.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Input(dialogs, "From (UTC day)").GetAttribute("value"));
        Assert.Equal(to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Input(dialogs, "To (UTC day, included)").GetAttribute("value"));
        var labels = dialogs.FindAll(".mud-checkbox").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["Conversations", "Announcements", "Notifications and emails", "Deal versions", "Commissions and payouts", "Audit entries", "Attachments",
            "Data-subject access export (the partner's own copy for a GDPR request)"], labels);
        // Every part is included by default; the data-subject export is the exception to choose.
        var boxes = dialogs.FindAll(".mud-checkbox input");
        Assert.All(boxes.Take(7), i => Assert.True(i.HasAttribute("checked")));
        Assert.False(boxes[7].HasAttribute("checked"));
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_refused_at_the_end_field()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var dialogs = OpenDialog();
        Input(dialogs, "To (UTC day, included)").Change("2020-01-01");

        await ClickAsync(dialogs, "Generate");

        dialogs.WaitForAssertion(() => Assert.Contains("The end of the range is before its start.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("Generate", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generating_runs_in_the_worker_and_ends_with_the_download_link()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var dialogs = OpenDialog();
        var worker = new CaseFileWorker(jobs, Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<CaseFileWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await ClickAsync(dialogs, "Generate");

            dialogs.WaitForAssertion(() => Assert.Contains("The case file is ready.", dialogs.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            var link = dialogs.FindAll("a").Single(a => a.TextContent.Contains("Download", StringComparison.Ordinal));
            Assert.StartsWith("/console/case-files/", link.GetAttribute("href"), StringComparison.Ordinal);
            var file = Assert.Single(Directory.GetFiles(Path.Combine(folder, "case-files"), "*.zip"));
            Assert.EndsWith(Path.GetFileName(file)[..^4], link.GetAttribute("href"), StringComparison.Ordinal);
            Assert.Contains("bundle SHA-256", dialogs.Markup, StringComparison.Ordinal);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
