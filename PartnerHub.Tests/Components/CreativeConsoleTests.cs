using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Creatives;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The console creative library against a real SQLite database: who sees which actions, and the upload and publish dialogs.</summary>
public sealed class CreativeConsoleTests : MudTestContext, IClassFixture<CreativeConsoleTests.Data>
{
    public sealed class Data : SqliteDatabase, IAsyncLifetime
    {
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser Compliance { get; private set; } = default!;
        public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), "partnerhub-creative-console-" + Guid.NewGuid().ToString("N"));

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Compliance = await AddUserAsync(Roles.Compliance, "Cora Compliance");
            var service = new CreativeService(Factory, new CreativeStore(FilesRoot), Clock, TestNotifications.Writer());
            var manager = ActorFor(Manager, Roles.Manager);
            var banner = await service.CreateAsync(manager, new NewCreative { Name = "Existing banner 300x250", Type = CreativeType.Banner, Vertical = Vertical.ForexIb },
                new CreativeUpload(new MemoryStream(CreativeTestFiles.Png(300, 250)), "existing.png"));
            await service.PublishAsync(manager, banner, announce: false);
            await service.CreateAsync(manager, new NewCreative { Name = "Draft copy", Type = CreativeType.Copy }, null);
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            if (Directory.Exists(FilesRoot)) Directory.Delete(FilesRoot, recursive: true);
        }
    }

    private readonly Data data;

    public CreativeConsoleTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddSingleton(new CreativeStore(data.FilesRoot));
        Services.AddSingleton(TestNotifications.Writer());
        Services.AddScoped<CreativeService>();
    }

    private (IRenderedComponent<ConsoleCreatives> Page, IRenderedComponent<MudDialogProvider> Dialogs) RenderAs(ApplicationUser user, string role)
    {
        SignInAs(user, role);
        RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ConsoleCreatives>();
        page.WaitForAssertion(() => Assert.Contains("Existing banner 300x250", page.Markup, StringComparison.Ordinal));
        return (page, dialogs);
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == text);

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string label) =>
        dialogs.FindAll(".mud-input-control").First(c => c.QuerySelector("label")?.TextContent.Trim() == label);

    [Fact]
    public void Compliance_reads_the_library_with_downloads_but_cannot_upload_publish_or_deprecate()
    {
        var (page, _) = RenderAs(data.Compliance, Roles.Compliance);

        Assert.NotNull(page.Find("a[aria-label='Download Existing banner 300x250']"));
        Assert.Contains("All Forex IB partners", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Upload creative", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[aria-label^='Publish ']"));
        Assert.Empty(page.FindAll("button[aria-label^='Deprecate ']"));
    }

    [Fact]
    public async Task A_manager_sees_refusals_at_their_fields_then_uploads_a_banner_and_publishes_it_with_an_announcement()
    {
        var (page, dialogs) = RenderAs(data.Manager, Roles.Manager);
        await using var db = data.CreateContext();
        var before = await db.Creatives.CountAsync();

        var upload = page.FindAll("button").First(b => b.TextContent.Contains("Upload creative", StringComparison.Ordinal)).ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Save draft", dialogs.Markup, StringComparison.Ordinal));

        // A wrong file type is refused as soon as it is chosen; saving without a name is refused at the name.
        dialogs.FindComponents<InputFile>()[^1].UploadFiles(InputFileContent.CreateFromText("<svg/>", "banner.svg", contentType: "image/svg+xml"));
        dialogs.WaitForAssertion(() => Assert.Contains("banner.svg is not an allowed file type", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        await Button(dialogs, "Save draft").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Name is required.", Field(dialogs, "Name").TextContent, StringComparison.Ordinal));
        Assert.Equal(before, await db.Creatives.CountAsync());

        Field(dialogs, "Name").QuerySelector("input")!.Change("Spring banner 300x250");
        Field(dialogs, "Landing URL").QuerySelector("input")!.Change("https://northgate.example/spring");
        dialogs.FindComponents<InputFile>()[^1].UploadFiles(InputFileContent.CreateFromBinary(CreativeTestFiles.Png(300, 250), "spring.png", contentType: "image/png"));
        dialogs.WaitForAssertion(() => Assert.Contains("spring.png", dialogs.Find("[data-testid=chosen-file]").TextContent, StringComparison.Ordinal));
        await Button(dialogs, "Save draft").ClickAsync(new());
        await upload.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[aria-label='Publish Spring banner 300x250']")));
        var created = await db.Creatives.AsNoTracking().SingleAsync(c => c.Name == "Spring banner 300x250");
        Assert.Equal((CreativeStatus.Draft, "spring.png", 300, 250), (created.Status, created.FileName, created.Width!.Value, created.Height!.Value));

        var publishing = page.Find("button[aria-label='Publish Spring banner 300x250']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("every partner.", dialogs.Markup, StringComparison.Ordinal));
        await Button(dialogs, "Publish").ClickAsync(new());
        await publishing.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[aria-label='Deprecate Spring banner 300x250']")));
        Assert.True(await db.DomainEvents.AnyAsync(e => e.Type == EventTypes.CreativesPublished && e.RecordId == created.Id.ToString()));
    }
}
