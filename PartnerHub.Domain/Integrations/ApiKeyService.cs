using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Integrations;

/// <summary>An integration as admin lists it: never the key, only its first characters.</summary>
public sealed record IntegrationView(int Id, string Name, string KeyPrefix, DateTime CreatedAt, string? CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A new integration and its key, which is shown this once and never stored.</summary>
public sealed record CreatedIntegration(IntegrationView Integration, string ApiKey);

public enum ApiKeyStatus { Missing = 1, Unknown = 2, Revoked = 3, Valid = 4 }

/// <summary>What a presented key turned out to be; <see cref="IntegrationId"/> is set for a valid or revoked key.</summary>
public sealed record ApiKeyCheck(ApiKeyStatus Status, int? IntegrationId = null, string? IntegrationName = null);

/// <summary>
/// API keys of external tracking systems. A key is 32 random bytes (base64url, prefixed "phk_"); only its SHA-256
/// is stored, with the first characters for recognition. Creating and revoking are for admins and audited.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const string KeyMarker = "phk_";
    public const int PrefixLength = 12;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => KeyMarker + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public async Task<CreatedIntegration> CreateAsync(Actor actor, string name, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        var key = NewKey();
        var integration = new ApiIntegration(name, key[..PrefixLength], Hash(key), now, actor.UserId);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.ApiIntegrations.AnyAsync(i => i.Name == integration.Name && i.RevokedAt == null, ct))
            throw new DomainException("An active integration already has this name.", nameof(ApiIntegration.Name));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ApiIntegrations.Add(integration);
        await db.SaveChangesAsync(ct);
        db.Audit(actor, now, "integration.created", nameof(ApiIntegration), integration.Id, null,
            new { integration.Name, integration.KeyPrefix });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CreatedIntegration(new IntegrationView(integration.Id, integration.Name, integration.KeyPrefix, integration.CreatedAt,
            actor.Name, null, null), key);
    }

    public async Task<IReadOnlyList<IntegrationView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await (from i in db.ApiIntegrations.AsNoTracking()
                      join u in db.Users on i.CreatedById equals u.Id into users
                      from u in users.DefaultIfEmpty()
                      orderby i.RevokedAt != null, i.CreatedAt descending
                      select new IntegrationView(i.Id, i.Name, i.KeyPrefix, i.CreatedAt, u != null ? u.DisplayName : null, i.LastUsedAt, i.RevokedAt))
            .ToListAsync(ct);
    }

    public async Task RevokeAsync(Actor actor, int integrationId, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var integration = await db.ApiIntegrations.SingleOrDefaultAsync(i => i.Id == integrationId, ct)
            ?? throw new NotFoundException("Integration not found.");
        integration.Revoke(now);
        db.Audit(actor, now, "integration.revoked", nameof(ApiIntegration), integration.Id, null, new { integration.Name, integration.KeyPrefix });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Looks a presented key up by its hash (the key itself is never compared or stored).</summary>
    public async Task<ApiKeyCheck> CheckAsync(string? presentedKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(presentedKey)) return new ApiKeyCheck(ApiKeyStatus.Missing);
        var hash = Hash(presentedKey.Trim());
        await using var db = await factory.CreateDbContextAsync(ct);
        var found = await db.ApiIntegrations.AsNoTracking().Where(i => i.KeyHash == hash)
            .Select(i => new { i.Id, i.Name, i.RevokedAt }).SingleOrDefaultAsync(ct);
        if (found is null) return new ApiKeyCheck(ApiKeyStatus.Unknown);
        return new ApiKeyCheck(found.RevokedAt is null ? ApiKeyStatus.Valid : ApiKeyStatus.Revoked, found.Id, found.Name);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
