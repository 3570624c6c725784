using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Issue 10: the app runs under its Content-Security-Policy with no violation in the sign-in page and the console,
/// portal and admin shells; demo artwork is reachable only through the authorised creative endpoint; an action in a
/// circuit is audited with the client's IP, captured from the request that opened the circuit.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SecurityHeadersJourneyTests(PortalServer server)
{
    private const string CollectViolations =
        "window.__cspViolations = [];" +
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI));";

    /// <summary>A page that records CSP violations reported by the browser (console) and by the document (event).</summary>
    private async Task<(IPage Page, List<string> Violations)> NewWatchedPageAsync()
    {
        var page = await server.NewPageAsync();
        await page.Context.AddInitScriptAsync(CollectViolations);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (violations) violations.Add(message.Text);
        };
        return (page, violations);
    }

    private static async Task VisitAsync(IPage page, List<string> violations, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.StartsWith("default-src 'self'; script-src 'self' 'nonce-", await response.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
        // Interactive pages render only once the circuit's WebSocket is connected (no prerendering), so a heading means
        // the connection, the scripts and the styles all went through under the policy.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
        var fromDocument = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        lock (violations) violations.AddRange(fromDocument.Select(v => $"{path}: {v}"));
    }

    [Fact]
    public async Task The_sign_in_page_and_the_console_portal_and_admin_pages_run_without_a_content_security_policy_violation()
    {
        var journeys = new (string Email, string Landing, string[] Paths)[]
        {
            (DemoAccounts.Manager, "/console", ["/console", "/console/partners", "/console/messages", "/console/creatives", "/console/announcements"]),
            (DemoAccounts.Partner, "/portal", ["/portal", "/portal/messages", "/portal/marketing", "/portal/payouts"]),
            (DemoAccounts.Admin, "/console", ["/admin", "/admin/integrations", "/admin/triggers"]),
        };
        var all = new List<string>();
        foreach (var (email, landing, paths) in journeys)
        {
            var (page, violations) = await NewWatchedPageAsync();
            await VisitAsync(page, violations, "/Account/Login");
            await new LoginPage(page).SignInAsync(email);
            await page.WaitForURLAsync(new Regex(Regex.Escape(landing) + "$"));
            foreach (var path in paths) await VisitAsync(page, violations, path);
            await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, $"csp-{landing.Trim('/')}-{email.Split('@')[0]}.png") });
            all.AddRange(violations.Select(v => $"{email}: {v}"));
            await page.Context.CloseAsync();
        }

        Assert.Empty(all);
    }

    [Fact]
    public async Task Demo_artwork_is_404_under_assets_and_a_partner_who_may_see_the_creative_downloads_it_through_the_creative_endpoint()
    {
        int creativeId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            creativeId = await db.Creatives.Where(c => c.Name == "LuckyRiver - Welcome 100 free spins 300x250").Select(c => c.Id).SingleAsync();
        }
        var anonymous = await server.NewPageAsync();
        var oldUrl = await anonymous.APIRequest.GetAsync("/assets/creatives/luckyriver-welcome-100-free-spins-300x250.svg");
        var logo = await anonymous.APIRequest.GetAsync("/assets/logo.svg");
        var anonymousDownload = await anonymous.APIRequest.GetAsync($"/files/creatives/{creativeId}", new() { MaxRedirects = 0 });

        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        var download = await partner.APIRequest.GetAsync($"/files/creatives/{creativeId}");

        Assert.Equal(404, oldUrl.Status);
        Assert.Equal(200, logo.Status);
        Assert.NotEqual(200, anonymousDownload.Status);
        Assert.Equal(200, download.Status);
        Assert.Equal("image/svg+xml", download.Headers["content-type"]);
        Assert.Contains("<svg", await download.TextAsync(), StringComparison.Ordinal);
        await anonymous.Context.CloseAsync();
        await partner.Context.CloseAsync();
    }

    [Fact]
    public async Task A_message_sent_in_a_circuit_is_audited_with_the_client_ip_of_the_request_that_opened_it()
    {
        // A partner of its own, so no other journey's counts see this message.
        var email = $"circuit-ip-{Guid.NewGuid():N}@partnerhub.test";
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var partnerId = await scope.ServiceProvider.GetRequiredService<PartnerService>().CreateAsync(Actor.System, new NewPartner
            {
                Name = "Circuit IP Media " + email[11..17], Email = email, Vertical = Vertical.IGamingAffiliate, Country = "MT",
            });
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var login = new ApplicationUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Circuit IP", PartnerId = partnerId, CreatedAt = DateTime.UtcNow,
            };
            Assert.True((await users.CreateAsync(login, DemoAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(login, Roles.Partner)).Succeeded);
        }
        var text = $"Checking the audit trail {Guid.NewGuid():N}";

        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(email);
        await page.WaitForURLAsync(new Regex("/portal$"));
        await page.GotoAsync("/portal/messages");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Article).Filter(new() { HasText = text })).ToHaveCountAsync(1);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var audit = await db.AuditLog.Where(a => a.Action == "message.sent" && a.UserId == userId).SingleAsync();
            Assert.Equal("127.0.0.1", audit.IpAddress);
        }
        await page.Context.CloseAsync();
    }
}
