using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>ASVS 2.1: at least 12 characters, no composition rules, no common or breached password, not the email.</summary>
public sealed class PasswordPolicyTests : IClassFixture<SqliteDatabase>, IAsyncLifetime
{
    private readonly SqliteDatabase database;
    private ServiceProvider provider = default!;

    public PasswordPolicyTests(SqliteDatabase database) => this.database = database;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(database.Factory);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>().AddPasswordPolicy();
        provider = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    private async Task<IdentityResult> CreateAsync(string password, string? email = null)
    {
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        email ??= $"user-{Guid.NewGuid():N}@passwords.test";
        return await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, DisplayName = "Someone" }, password);
    }

    [Fact]
    public async Task Eleven_characters_are_refused()
    {
        var result = await CreateAsync("tranquilsea");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }

    [Theory]
    [InlineData("tranquilseas")]
    [InlineData("correct horse battery")]
    [InlineData(DemoAccounts.Password)]
    public async Task Twelve_characters_of_any_kind_are_enough(string password) =>
        Assert.True((await CreateAsync(password)).Succeeded);

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("Qwerty123456")]
    [InlineData("111111111111")]
    public async Task A_common_password_is_refused_whatever_its_case(string password)
    {
        var result = await CreateAsync(password);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "PasswordCommon");
    }

    [Fact]
    public async Task The_email_as_password_is_refused()
    {
        const string email = "someone.long@passwords.test";

        var result = await CreateAsync(email.ToUpperInvariant(), email);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "PasswordIsUserName");
    }

    [Fact]
    public void The_shipped_list_is_loaded()
    {
        Assert.True(CommonPasswordValidator.Count > 10_000);
        Assert.True(CommonPasswordValidator.IsCommon("Password1234"));
        Assert.False(CommonPasswordValidator.IsCommon(DemoAccounts.Password));
    }
}
