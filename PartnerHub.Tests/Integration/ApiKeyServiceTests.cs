using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Integration keys on SQLite: shown once, stored only as a SHA-256, checked by hash, revoked by admins.</summary>
public sealed class ApiKeyServiceTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private ApiKeyService Service => new(database.Factory, database.Clock);

    [Fact]
    public async Task Only_the_hash_and_a_short_prefix_of_a_new_key_are_stored_anywhere()
    {
        var admin = await database.AddActorAsync(Roles.Admin);

        var created = await Service.CreateAsync(admin, "Affise tracker");

        Assert.StartsWith(ApiKeyService.KeyMarker, created.ApiKey, StringComparison.Ordinal);
        Assert.True(created.ApiKey.Length >= 40);
        await using var db = database.CreateContext();
        var row = await db.ApiIntegrations.SingleAsync(i => i.Id == created.Integration.Id);
        Assert.Equal(ApiKeyService.Hash(created.ApiKey), row.KeyHash);
        Assert.Equal(64, row.KeyHash.Length);
        Assert.Equal(created.ApiKey[..ApiKeyService.PrefixLength], row.KeyPrefix);
        Assert.DoesNotContain(created.ApiKey, row.KeyHash + row.KeyPrefix + row.Name, StringComparison.Ordinal);
        // Not in the audit log either.
        var audit = await db.AuditLog.Where(a => a.EntityType == nameof(ApiIntegration)).Select(a => a.Details ?? "").ToListAsync();
        Assert.NotEmpty(audit);
        Assert.All(audit, d => Assert.DoesNotContain(created.ApiKey, d, StringComparison.Ordinal));
        // Nor anywhere in the database file.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database.FilePath, database.FilePath + "-wal" }.Where(File.Exists))
            Assert.DoesNotContain(created.ApiKey, System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_keys_are_never_the_same()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => ApiKeyService.NewKey()).ToHashSet();
        Assert.Equal(50, keys.Count);
        Assert.Equal("a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3", ApiKeyService.Hash("123"));
    }

    [Fact]
    public async Task A_presented_key_is_valid_unknown_missing_or_revoked()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var created = await Service.CreateAsync(admin, "Voluum");

        Assert.Equal(ApiKeyStatus.Valid, (await Service.CheckAsync(created.ApiKey)).Status);
        Assert.Equal(created.Integration.Id, (await Service.CheckAsync(created.ApiKey)).IntegrationId);
        Assert.Equal(ApiKeyStatus.Unknown, (await Service.CheckAsync(created.ApiKey + "x")).Status);
        Assert.Equal(ApiKeyStatus.Missing, (await Service.CheckAsync("  ")).Status);

        await Service.RevokeAsync(admin, created.Integration.Id);

        Assert.Equal(ApiKeyStatus.Revoked, (await Service.CheckAsync(created.ApiKey)).Status);
        await Assert.ThrowsAsync<DomainException>(() => Service.RevokeAsync(admin, created.Integration.Id));
        var listed = (await Service.ListAsync(admin)).Single(i => i.Id == created.Integration.Id);
        Assert.True(listed.IsRevoked);
        await using var db = database.CreateContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "integration.revoked" && a.EntityId == created.Integration.Id.ToString()));
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Compliance)]
    [InlineData(Roles.Partner)]
    public async Task Only_admins_create_list_or_revoke_integrations(string role)
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var created = await Service.CreateAsync(admin, $"Tracker for {role}");
        var other = new Actor("someone", "Someone", new HashSet<string> { role }, role == Roles.Partner ? 1 : null);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.CreateAsync(other, "Mine"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ListAsync(other));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.RevokeAsync(other, created.Integration.Id));
        Assert.Equal(ApiKeyStatus.Valid, (await Service.CheckAsync(created.ApiKey)).Status);
    }

    [Fact]
    public async Task A_name_is_required_and_unique_among_active_integrations()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        await Service.CreateAsync(admin, "Everflow");

        Assert.Equal("Name", (await Assert.ThrowsAsync<DomainException>(() => Service.CreateAsync(admin, " "))).Field);
        Assert.Equal("Name", (await Assert.ThrowsAsync<DomainException>(() => Service.CreateAsync(admin, "Everflow"))).Field);
    }
}
