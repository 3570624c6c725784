using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The account pages over HTTP, as a signed-in partner: the personal-data download asks for the password again and is
/// audited; password changes and resets are audited; operators get no self-deletion. Each test makes its own login.
/// </summary>
public sealed partial class AccountSelfServiceTests : IAsyncLifetime
{
    private const string Password = "Partner!Login2026";
    private readonly string folder = Directory.CreateTempSubdirectory("partnerhub-account-").FullName;
    private readonly HostDatabase database = new();
    private WebApplicationFactory<Program> factory = default!;
    private int partnerId;

    public async Task InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            database.Apply(b);
            b.UseSetting("Bootstrap:AdminEmail", "owner@account.test");
            b.UseSetting("Bootstrap:AdminPassword", "First!Admin2026");
            b.UseSetting("Storage:Root", Path.Combine(folder, "files"));
            b.UseSetting("Security:RequireOperatorMfa", "false");
        });
        using (factory.CreateClient()) { } // starts the host: migrations and the first admin
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = new Actor("account-admin", "Account Admin", new HashSet<string> { Roles.Admin }, null);
        partnerId = await scope.ServiceProvider.GetRequiredService<PartnerService>().CreateAsync(admin, new NewPartner
        {
            Name = "Self Service Media", Email = "selfservice@account.test", Vertical = Vertical.ForexIb, Country = "CY",
        });
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await database.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
    }

    private async Task<string> NewLoginAsync(string role = Roles.Partner)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@account.test";
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Self Service", LockoutEnabled = true,
            PartnerId = role == Roles.Partner ? partnerId : null,
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }

    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"),
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"|name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string? handler, params (string Name, string Value)[] fields)
    {
        var token = await TokenAsync(client, path);
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        if (handler is not null) form.Add(new("_handler", handler));
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private static async Task<HttpResponseMessage> PostTokenedAsync(HttpClient client, string pagePath, string postPath, params (string Name, string Value)[] fields)
    {
        var token = await TokenAsync(client, pagePath);
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(postPath, new FormUrlEncodedContent(form));
    }

    private static async Task SignInAsync(HttpClient client, string email, string password = Password)
    {
        var response = await PostFormAsync(client, "/Account/Login", "login", ("Input.Email", email), ("Input.Password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/Account/Login", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    private async Task<List<string>> AuditActionsAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.AuditLog.Where(a => a.EntityId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    [Fact]
    public async Task The_personal_data_download_asks_for_the_password_again_and_is_audited()
    {
        var email = await NewLoginAsync();
        using var client = Client();
        await SignInAsync(client, email);

        var wrong = await PostTokenedAsync(client, "/Account/Manage/PersonalData", "/Account/Manage/DownloadPersonalData", ("password", "not-my-password"));

        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.NotEqual("application/json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(email, await wrong.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var page = await client.GetStringAsync(wrong.Headers.Location);
        Assert.Contains("Incorrect password", page, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountAudit.Actions.PersonalDataDownloaded, await AuditActionsAsync(email));

        var right = await PostTokenedAsync(client, "/Account/Manage/PersonalData", "/Account/Manage/DownloadPersonalData", ("password", Password));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("application/json", right.Content.Headers.ContentType?.MediaType);
        Assert.Contains(email, await right.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Single(await AuditActionsAsync(email), a => a == AccountAudit.Actions.PersonalDataDownloaded);
    }

    [Fact]
    public async Task A_password_change_is_audited()
    {
        var email = await NewLoginAsync();
        using var client = Client();
        await SignInAsync(client, email);

        var response = await PostFormAsync(client, "/Account/Manage/ChangePassword", "change-password",
            ("Input.OldPassword", Password), ("Input.NewPassword", "Changed!Login2026"), ("Input.ConfirmPassword", "Changed!Login2026"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(AccountAudit.Actions.PasswordChanged, await AuditActionsAsync(email));
    }

    [Fact]
    public async Task A_password_reset_is_audited()
    {
        var email = await NewLoginAsync();
        string code;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var token = await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync(email))!);
            code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        }
        using var client = Client();

        var response = await PostFormAsync(client, $"/Account/ResetPassword?code={code}", "reset-password",
            ("Input.Email", email), ("Input.Password", "Reset!Login2026"), ("Input.ConfirmPassword", "Reset!Login2026"),
            ("Input.Code", Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code))));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("ResetPasswordConfirmation", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains(AccountAudit.Actions.PasswordChanged, await AuditActionsAsync(email));
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Compliance)]
    public async Task An_operator_gets_no_self_deletion(string role)
    {
        var email = await NewLoginAsync(role);
        using var client = Client();
        await SignInAsync(client, email);

        var personalData = await client.GetStringAsync("/Account/Manage/PersonalData");
        var deletePage = await client.GetAsync("/Account/Manage/DeletePersonalData");

        Assert.DoesNotContain("Account/Manage/DeletePersonalData", personalData, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, deletePage.StatusCode);
        Assert.DoesNotContain("Delete data and close my account", await deletePage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
