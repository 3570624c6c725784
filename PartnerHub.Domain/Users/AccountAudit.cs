using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Users;

/// <summary>
/// The one writer of account events to the audit log: sign-in, failed sign-in, lockout, sign-out, password,
/// two-factor and passkey changes, personal-data downloads and deletions. Each call commits one audit entry
/// on a context of its own, so it is written even when the request that caused it goes on to fail.
/// Actions are dotted (<c>account.signed_in</c>); <see cref="Actions"/> names them all.
/// </summary>
public sealed class AccountAudit(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public static class Actions
    {
        public const string SignedIn = "account.signed_in";
        public const string SignInFailed = "account.sign_in_failed";
        public const string LockedOut = "account.locked_out";
        public const string SignedOut = "account.signed_out";
        public const string PasswordChanged = "account.password_changed";
        public const string TwoFactorChanged = "account.two_factor_changed";
        public const string PasskeyChanged = "account.passkey_changed";
        public const string PersonalDataDownloaded = "account.personal_data_downloaded";
        public const string Deleted = "account.deleted";
    }

    /// <summary>Writes one account event. <paramref name="userId"/> may be null for a sign-in attempt with an unknown email.</summary>
    public async Task RecordAsync(string action, string? userId, string? userName, string? ipAddress, object? details = null,
        CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        Add(db, action, userId, userName, ipAddress, details);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds one account event to <paramref name="db"/> without saving, for a change that must commit with its audit
    /// entry in one transaction (an account deletion); the caller saves and commits.
    /// </summary>
    public void Add(AppDbContext db, string action, string? userId, string? userName, string? ipAddress, object? details = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var actor = new Actor(userId ?? "anonymous", userName ?? "anonymous", new HashSet<string>(), null, ipAddress);
        db.Audit(actor, clock.GetUtcNow().UtcDateTime, action, nameof(ApplicationUser), userId, null, details);
    }
}
