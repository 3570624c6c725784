using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Users;

public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, int? PartnerId, bool IsLockedOut, DateTime CreatedAt);

public sealed record NewOperator(string Email, string DisplayName, string Role);

/// <summary>A created operator and the one-time password to hand over: shown once, never stored in clear.</summary>
public sealed record CreatedOperator(string UserId, string OneTimePassword);

/// <summary>
/// The admin area's user management: create operators, set roles, lock and unlock. Admins only.
/// Each change runs in a DI scope of its own (a fresh UserManager and context), never the circuit's:
/// a circuit lives for hours and its tracked users go stale when someone else signs in or is locked out.
/// The change and its audit entry commit in one transaction.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public async Task<Page<UserRow>> ListAsync(Actor actor, string? search, int page, int pageSize, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var like = LikePattern.Contains(search);
            q = q.Where(u => EF.Functions.Like(u.Email!, like, "\\") || EF.Functions.Like(u.DisplayName, like, "\\"));
        }
        var total = await q.CountAsync(ct);
        var now = clock.GetUtcNow();
        var size = Math.Clamp(pageSize, 1, 200);
        var list = await q.OrderBy(u => u.Email).Skip(Math.Max(page, 0) * size).Take(size)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.PartnerId, u.LockoutEnd, u.CreatedAt,
                Roles = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).ToList(),
            })
            .ToListAsync(ct);
        var rows = list.Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, u.Roles.OfType<string>().Order().ToList(), u.PartnerId,
            u.LockoutEnd is { } end && end > now, u.CreatedAt)).ToList();
        return new Page<UserRow>(rows, total);
    }

    /// <summary>
    /// Creates an operator with a generated one-time password (returned to show once) that must be changed at the
    /// first sign-in: the admin never chooses or types it.
    /// </summary>
    public Task<CreatedOperator> CreateOperatorAsync(Actor actor, NewOperator input, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        RequireOperatorRole(input.Role);
        var email = Partners.Partner.NormaliseEmail(input.Email);
        var name = Guard.Required(input.DisplayName, nameof(NewOperator.DisplayName), 120);
        return InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByEmailAsync(email) is not null)
                throw new DomainException("A user with this email already exists.", nameof(NewOperator.Email));
            var user = new ApplicationUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name,
                CreatedAt = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true, MustChangePassword = true,
            };
            var password = OneTimePassword.Generate();
            Check(await users.CreateAsync(user, password), nameof(NewOperator.Email));
            Check(await users.AddToRoleAsync(user, input.Role), nameof(NewOperator.Role));
            db.Audit(actor, clock.GetUtcNow().UtcDateTime, "user.created", nameof(ApplicationUser), user.Id, null,
                new { email, input.Role, oneTimePassword = true });
            await db.SaveChangesAsync(ct);
            return new CreatedOperator(user.Id, password);
        }, ct);
    }

    public Task SetRoleAsync(Actor actor, string userId, string role, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        RequireOperatorRole(role);
        if (userId == actor.UserId && role != Roles.Admin) throw new DomainException("You cannot remove your own Admin role.", "Role");
        return InTransactionAsync(async (users, db) =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("User not found.");
            if (user.PartnerId is not null) throw new DomainException("A partner login keeps the Partner role.", "Role");
            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role) return true;
            Check(await users.RemoveFromRolesAsync(user, current), "Role");
            Check(await users.AddToRoleAsync(user, role), "Role");
            Check(await users.UpdateSecurityStampAsync(user), "Role"); // signs the user out elsewhere so the new role applies
            db.Audit(actor, clock.GetUtcNow().UtcDateTime, "user.role-changed", nameof(ApplicationUser), userId, null, new { before = current, after = role });
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    public Task SetLockedAsync(Actor actor, string userId, bool locked, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        if (userId == actor.UserId && locked) throw new DomainException("You cannot lock your own account.");
        return InTransactionAsync(async (users, db) =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("User not found.");
            Check(await users.SetLockoutEnabledAsync(user, true), null);
            Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null), null);
            if (!locked) Check(await users.ResetAccessFailedCountAsync(user), null);
            Check(await users.UpdateSecurityStampAsync(user), null);
            db.Audit(actor, clock.GetUtcNow().UtcDateTime, locked ? "user.locked" : "user.unlocked", nameof(ApplicationUser), userId, null);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>A fresh scope (UserManager and the context its store uses) and one transaction around the work.</summary>
    private async Task<T> InTransactionAsync<T>(Func<UserManager<ApplicationUser>, AppDbContext, Task<T>> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work(users, db);
        await tx.CommitAsync(ct);
        return result;
    }

    private static void Check(IdentityResult result, string? field)
    {
        if (!result.Succeeded) throw new DomainException(Describe(result), field);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private static void RequireOperatorRole(string role)
    {
        if (!Roles.Operators.Contains(role))
            throw new DomainException("Choose Admin, Manager or Compliance.", "Role");
    }
}
