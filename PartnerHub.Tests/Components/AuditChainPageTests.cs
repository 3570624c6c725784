using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Compliance;

namespace PartnerHub.Tests.Components;

/// <summary>The admin's audit chain page: what is sealed, and a verification that names the first broken link.</summary>
public sealed class AuditChainPageTests : MudTestContext
{
    private async Task<SqliteDatabase> SealedLogAsync()
    {
        var database = await SqliteDatabase.CreateAsync();
        Services.AddSingleton(database.Factory);
        Services.AddSingleton<TimeProvider>(database.Clock);
        Services.AddScoped<AuditChain>();
        SignIn("admin-1", "Ada Admin", Roles.Admin);
        var admin = new Actor("admin-1", "Ada Admin", new HashSet<string> { Roles.Admin }, null);
        await using var db = database.CreateContext();
        for (var i = 0; i < 3; i++) db.Audit(admin, database.Clock.GetUtcNow().UtcDateTime, "user.created", "User", i, null);
        await db.SaveChangesAsync();
        database.Clock.Advance(AuditChain.SettleTime);
        await new AuditChain(database.Factory, database.Clock).SealAsync();
        return database;
    }

    [Fact]
    public async Task Shows_what_is_sealed_and_verifies_intact_then_names_an_altered_entry()
    {
        await using var database = await SealedLogAsync();
        var cut = Render<AuditChainPage>();
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=audit-sealed]").TextContent));

        cut.FindAll("button").Single(b => b.TextContent.Contains("Verify the chain", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.Contains("Intact: 3 entries verified", cut.Find("[data-testid=audit-verdict]").TextContent,
            StringComparison.Ordinal));

        await using (var db = database.CreateContext())
        {
            await AuditTampering.DisableAppendOnlyAsync(db);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"UserName\" = 'Someone else' WHERE \"Id\" = 2");
        }
        cut.FindAll("button").Single(b => b.TextContent.Contains("Verify the chain", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() =>
        {
            var verdict = cut.Find("[data-testid=audit-verdict]");
            Assert.Equal("alert", verdict.GetAttribute("role"));
            Assert.Contains("Broken at entry 2", verdict.TextContent, StringComparison.Ordinal);
            Assert.Contains("altered", verdict.TextContent, StringComparison.Ordinal);
        });
    }
}
