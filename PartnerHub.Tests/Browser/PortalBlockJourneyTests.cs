using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Issue 10, "block the portal when overdue" on the server: a partner who owes an overdue blocking acknowledgement sees the
/// block in the portal, and a file URL opened by hand answers 403 naming the announcement; after "I have read and
/// understood" the page and the file open.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalBlockJourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_blocked_partner_gets_no_file_by_url_until_they_acknowledge()
    {
        var login = await server.CreatePartnerLoginAsync();
        var title = $"Bonus terms {Guid.NewGuid():N}"[..20];
        int creativeId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var creatives = scope.ServiceProvider.GetRequiredService<CreativeService>();
            creativeId = await creatives.CreateAsync(Actor.System, new NewCreative { Name = "Blocked banner " + title[^6..], Type = CreativeType.Banner },
                new CreativeUpload(new MemoryStream(CreativeTestFiles.Png(300, 250, 9, 9, 9)), "blocked-300x250.png"));
            await creatives.PublishAsync(Actor.System, creativeId, announce: false);
            var sent = await scope.ServiceProvider.GetRequiredService<AnnouncementService>().SendAsync(Actor.System, new AnnouncementDraft
            {
                Title = title, Body = "Read the new **bonus terms** before you go on.", Category = AnnouncementCategory.Compliance,
                Audience = new AnnouncementAudience { PartnerIds = [login.PartnerId!.Value] },
                RequiresAcknowledgement = true, AcknowledgementDueAt = DateTime.UtcNow.AddDays(1), BlocksPortalWhenOverdue = true,
            });
            // The due date passed (a send refuses a due date in the past, so the test moves it).
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Announcements.Where(a => a.Id == sent.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.AcknowledgementDueAt, DateTime.UtcNow.AddHours(-1)));
        }

        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(login.Email, login.Password);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        var block = partner.GetByRole(AriaRole.Alertdialog, new() { Name = "Acknowledgement required" });
        await Assertions.Expect(block).ToContainTextAsync(title);
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "portal-blocked.png"), FullPage = true });

        var refused = await partner.APIRequest.GetAsync($"/files/creatives/{creativeId}");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains(title, await refused.TextAsync(), StringComparison.Ordinal);

        await block.GetByRole(AriaRole.Button, new() { Name = "I have read and understood" }).ClickAsync();
        await Assertions.Expect(block).ToHaveCountAsync(0);
        var opened = await partner.APIRequest.GetAsync($"/files/creatives/{creativeId}");
        Assert.Equal((int)HttpStatusCode.OK, opened.Status);
        Assert.Equal("image/png", opened.Headers["content-type"]);
    }
}
