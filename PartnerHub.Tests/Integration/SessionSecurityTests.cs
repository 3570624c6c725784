using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The app outside demo mode (operators must use 2FA) on its own SQLite file. The security stamp validator's clock is
/// real time plus an offset the tests move, so "within a minute" is tested with the default interval and no sleeps.
/// </summary>
public sealed class SessionHost : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("partnerhub-sessions-").FullName;
    private readonly HostDatabase database = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = default!;
    public OffsetClock StampClock { get; } = new();

    public Task InitializeAsync()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            database.Apply(b);
            b.UseSetting("Bootstrap:AdminEmail", "owner@sessions.test");
            b.UseSetting("Bootstrap:AdminPassword", "First!Admin2026");
            b.UseSetting("Storage:Root", Path.Combine(folder, "files"));
            b.UseSetting("Jobs:Enabled", "false");
            b.ConfigureTestServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = StampClock));
        });
        using (Factory.CreateClient()) { } // starts the host: migrations and roles
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await database.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
    }

    public const string Password = "Session!Pass2026x";

    public async Task<ApplicationUser> CreateUserAsync(string role, bool twoFactor = false, int? partnerId = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20] + "@sessions.test";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, PartnerId = partnerId, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (twoFactor) Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        return (await users.FindByIdAsync(user.Id))!;
    }

    /// <summary>A partner record for a partner login to act for.</summary>
    public async Task<int> CreatePartnerAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var admin = new Actor("session-admin", "Session Admin", new HashSet<string> { Roles.Admin }, null);
        return await scope.ServiceProvider.GetRequiredService<PartnerService>().CreateAsync(admin, new NewPartner
        {
            Name = "Session Media", Email = $"media-{Guid.NewGuid():N}"[..16] + "@sessions.test", Vertical = Vertical.IGamingAffiliate, Country = "MT",
        });
    }

    /// <summary>The auth cookie the app would issue to this user now (as after a completed sign-in, 2FA included).</summary>
    public async Task<string> CookieForAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var user = (await signIn.UserManager.FindByIdAsync(userId))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var options = Factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = StampClock.GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        return "PartnerHub.Auth=" + options.TicketDataFormat.Protect(ticket);
    }

    public CookieClient Client() => new(Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false }));

    public AppDbContext Db() => Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
}

/// <summary>Real time plus an offset the test moves forward.</summary>
public sealed class OffsetClock : TimeProvider
{
    private TimeSpan offset;
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + offset;
    public void Advance(TimeSpan by) => offset += by;
}

/// <summary>An HTTP client that keeps cookies by hand (so a test can copy one) and posts the Identity pages' forms.</summary>
public sealed partial class CookieClient(HttpClient http) : IDisposable
{
    public Dictionary<string, string> Cookies { get; } = [];

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var header in set)
            {
                var pair = header.Split(';')[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(name);
                else Cookies[name] = value;
            }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Opens <paramref name="page"/>, takes the hidden fields of the form named <paramref name="formName"/> and posts it with <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string formName, Dictionary<string, string> fields, string? action = null)
    {
        var html = await (await GetAsync(page)).Content.ReadAsStringAsync();
        var form = FormRegex().Matches(html).Select(m => m.Value).First(f => f.Contains($"value=\"{formName}\"", StringComparison.Ordinal));
        var values = HiddenRegex().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var f in fields) values[f.Key] = f.Value;
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, action ?? page) { Content = new FormUrlEncodedContent(values) });
    }

    public static string Location(HttpResponseMessage response) => response.Headers.Location?.ToString() ?? "";

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<form[\\s\\S]*?</form>")]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenRegex();
}

public sealed class SessionSecurityTests(SessionHost host) : IClassFixture<SessionHost>
{
    private static readonly Actor Admin = new("session-admin", "Session Admin", new HashSet<string> { Roles.Admin }, null);

    private async Task<HttpResponseMessage> GetWithCookie(string path, string cookie)
    {
        using var client = host.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", CookieClient.Location(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_locked_managers_old_cookie_loses_the_csv_export_and_the_console_within_a_minute()
    {
        var manager = await host.CreateUserAsync(Roles.Manager, twoFactor: true);
        var cookie = await host.CookieForAsync(manager.Id);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookie("/console", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetWithCookie("/console/compliance/999999.csv", cookie)).StatusCode);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetLockedAsync(Admin, manager.Id, locked: true);
        host.StampClock.Advance(TimeSpan.FromSeconds(61));

        AssertSentToSignIn(await GetWithCookie("/console/compliance/999999.csv", cookie));
        AssertSentToSignIn(await GetWithCookie("/console", cookie));
    }

    [Fact]
    public async Task A_user_locked_out_by_failed_sign_ins_is_refused_though_the_security_stamp_did_not_change()
    {
        var manager = await host.CreateUserAsync(Roles.Manager, twoFactor: true);
        var cookie = await host.CookieForAsync(manager.Id);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(manager.Id))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15));
            Assert.Equal(manager.SecurityStamp, user.SecurityStamp);
        }
        host.StampClock.Advance(TimeSpan.FromSeconds(61));

        AssertSentToSignIn(await GetWithCookie("/console", cookie));
    }

    [Fact]
    public async Task A_role_change_ends_the_old_cookie_within_a_minute()
    {
        var admin = await host.CreateUserAsync(Roles.Admin, twoFactor: true);
        var cookie = await host.CookieForAsync(admin.Id);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookie("/admin", cookie)).StatusCode);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetRoleAsync(Admin, admin.Id, Roles.Manager);
        host.StampClock.Advance(TimeSpan.FromSeconds(61));

        AssertSentToSignIn(await GetWithCookie("/admin", cookie));
    }

    [Fact]
    public void Cookies_are_revalidated_every_minute_by_default()
    {
        var options = host.Factory.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(1), options.ValidationInterval);
    }

    [Fact]
    public async Task An_operator_without_two_factor_is_sent_to_enrolment_until_it_is_enabled_and_a_partner_is_not()
    {
        var manager = await host.CreateUserAsync(Roles.Manager);
        var cookie = await host.CookieForAsync(manager.Id);

        var console = await GetWithCookie("/console", cookie);
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.Equal("/Account/Manage/EnableAuthenticator", CookieClient.Location(console));
        Assert.Equal(HttpStatusCode.Forbidden, (await GetWithCookie("/console/compliance/999999.csv", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetWithCookie("/_blazor/negotiate", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookie("/Account/Manage/EnableAuthenticator", cookie)).StatusCode);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(manager.Id))!, true);
        }
        var signedInAgain = await host.CookieForAsync(manager.Id);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookie("/console", signedInAgain)).StatusCode);

        var partner = await host.CreateUserAsync(Roles.Partner, partnerId: await host.CreatePartnerAsync());
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookie("/portal", await host.CookieForAsync(partner.Id))).StatusCode);
    }

    [Fact]
    public async Task A_new_operator_must_change_the_one_time_password_before_anything_else()
    {
        CreatedOperator created;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            created = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateOperatorAsync(Admin, new NewOperator($"otp-{Guid.NewGuid():N}"[..12] + "@sessions.test", "Otp", Roles.Manager));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(created.UserId))!, true);
        }
        using var client = host.Client();
        var cookie = (await host.CookieForAsync(created.UserId)).Split('=', 2);
        client.Cookies[cookie[0]] = cookie[1];

        var console = await client.GetAsync("/console");
        Assert.Equal("/Account/Manage/ChangePassword", CookieClient.Location(console));
        // Not a page: a problem response that says why (it was an empty 400 before, the status code pages re-executing the 403 as a POST).
        var api = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Change your one-time password", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var changed = await client.SubmitAsync("/Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = created.OneTimePassword, ["Input.NewPassword"] = "Chosen!Pass2026x", ["Input.ConfirmPassword"] = "Chosen!Pass2026x",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console")).StatusCode);
        await using var db = host.Db();
        Assert.False((await db.Users.SingleAsync(u => u.Id == created.UserId)).MustChangePassword);
    }

    [Fact]
    public async Task A_failed_sign_in_a_sign_in_and_a_sign_out_each_leave_an_audit_row_and_sign_out_revokes_the_cookie()
    {
        var partner = await host.CreateUserAsync(Roles.Partner, partnerId: await host.CreatePartnerAsync());
        var unknown = $"nobody-{Guid.NewGuid():N}"[..16] + "@sessions.test";
        using var client = host.Client();

        await client.SubmitAsync("/Account/Login", "login", new() { ["Input.Email"] = partner.Email!, ["Input.Password"] = "wrong-password-1" });
        await client.SubmitAsync("/Account/Login", "login", new() { ["Input.Email"] = unknown, ["Input.Password"] = "wrong-password-1" });
        var signIn = await client.SubmitAsync("/Account/Login", "login", new() { ["Input.Email"] = partner.Email!, ["Input.Password"] = SessionHost.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var copied = "PartnerHub.Auth=" + client.Cookies["PartnerHub.Auth"];
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookie("/portal", copied)).StatusCode);

        var signOut = await client.SubmitAsync("/Account/Manage/ChangePassword", "change-password", new() { ["ReturnUrl"] = "/" }, action: "/Account/Logout");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/Account/Login", CookieClient.Location(signOut));
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("PartnerHub.Auth=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        host.StampClock.Advance(TimeSpan.FromSeconds(61));
        AssertSentToSignIn(await GetWithCookie("/portal", copied));

        await using var db = host.Db();
        var mine = await db.AuditLog.Where(a => a.EntityId == partner.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal([AccountAudit.Actions.SignInFailed, AccountAudit.Actions.SignedIn, AccountAudit.Actions.SignedOut], mine);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AccountAudit.Actions.SignInFailed && a.EntityId == null && a.UserName == unknown));
    }
}
