using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Demo accounts never outlive demo mode: a demo database started with demo mode off has every demo login locked.</summary>
public sealed class DemoLockdownTests
{
    [Fact]
    public async Task A_demo_database_started_outside_demo_mode_locks_every_demo_account_and_says_so()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var services = new ServiceCollection();
        var log = new ListLogger();
        services.AddSingleton<ILogger<StartupTasks>>(log);
        services.AddLogging();
        services.AddHttpContextAccessor();
        services.AddAuthentication();
        services.AddSingleton(database.Factory);
        services.AddSingleton<TimeProvider>(database.Clock);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>().AddSignInManager();
        await using var provider = services.BuildServiceProvider();

        async Task PrepareAsync(bool demo)
        {
            await using var scope = provider.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var tasks = new StartupTasks(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<UserManager<ApplicationUser>>(),
                sp.GetRequiredService<RoleManager<IdentityRole>>(), database.Clock, Options.Create(new DemoOptions { Enabled = demo }),
                Options.Create(new BootstrapOptions()), log);
            await tasks.PrepareAsync(CancellationToken.None);
        }

        await PrepareAsync(demo: true);
        Dictionary<string, string?> stamps;
        await using (var db = database.CreateContext())
            stamps = await db.Users.Where(u => u.Email!.EndsWith(StartupTasks.DemoEmailDomain)).ToDictionaryAsync(u => u.Email!, u => u.SecurityStamp);
        Assert.Equal(DemoAccounts.All.Select(a => a.Email).Order(), stamps.Keys.Order());

        await PrepareAsync(demo: false);

        await using var check = provider.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var signIn = check.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        foreach (var (email, stamp) in stamps)
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.True(await users.IsLockedOutAsync(user), email);
            Assert.NotEqual(stamp, user.SecurityStamp);
            var result = await signIn.CheckPasswordSignInAsync(user, DemoAccounts.Password, lockoutOnFailure: false);
            Assert.False(result.Succeeded, email);
            Assert.True(result.IsLockedOut, email);
        }
        var warning = Assert.Single(log.Warnings, w => w.Contains("Demo:Enabled", StringComparison.Ordinal));
        Assert.Contains($"locked {stamps.Count} of them", warning, StringComparison.Ordinal);
    }

    private sealed class ListLogger : ILogger<StartupTasks>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) lock (Warnings) Warnings.Add(formatter(state, exception));
        }
    }
}
