using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Identity;

public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, int? PartnerId, bool IsLockedOut, DateTime CreatedAt);

public sealed record NewOperator(string Email, string DisplayName, string Role, string Password);

/// <summary>The admin area's user management: create operators, set roles, lock and unlock. Admins only.</summary>
/// <remarks><paramref name="identityDb"/> is the scoped context Identity's stores use, so a change and its audit entry share one transaction.</remarks>
public sealed class UserAdministration(UserManager<ApplicationUser> users, AppDbContext identityDb, IDbContextFactory<AppDbContext> factory, TimeProvider clock)
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

    public async Task<string> CreateOperatorAsync(Actor actor, NewOperator input, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        RequireOperatorRole(input.Role);
        var email = Partners.Partner.NormaliseEmail(input.Email);
        var name = Guard.Required(input.DisplayName, nameof(NewOperator.DisplayName), 120);
        if (await users.FindByEmailAsync(email) is not null)
            throw new DomainException("A user with this email already exists.", nameof(NewOperator.Email));

        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name,
            CreatedAt = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
        };
        // User, role and audit entry in one transaction: never a user without a role.
        await using var tx = await identityDb.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(user, input.Password);
        if (!result.Succeeded)
            throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)),
                result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? nameof(NewOperator.Password) : nameof(NewOperator.Email));
        var roleResult = await users.AddToRoleAsync(user, input.Role);
        if (!roleResult.Succeeded)
            throw new DomainException(string.Join(" ", roleResult.Errors.Select(e => e.Description)), nameof(NewOperator.Role));
        identityDb.Audit(actor, clock.GetUtcNow().UtcDateTime, "user.created", nameof(ApplicationUser), user.Id, null, new { email, input.Role });
        await identityDb.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user.Id;
    }

    public async Task SetRoleAsync(Actor actor, string userId, string role, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        RequireOperatorRole(role);
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("User not found.");
        if (user.PartnerId is not null) throw new DomainException("A partner login keeps the Partner role.", "Role");
        if (userId == actor.UserId && role != Roles.Admin) throw new DomainException("You cannot remove your own Admin role.", "Role");
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role) return;
        await using var tx = await identityDb.Database.BeginTransactionAsync(ct);
        var removed = await users.RemoveFromRolesAsync(user, current);
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
        if (!added.Succeeded) throw new DomainException(string.Join(" ", added.Errors.Select(e => e.Description)), "Role");
        await users.UpdateSecurityStampAsync(user); // signs the user out of other sessions so the new role applies
        await AuditAsync(actor, "user.role-changed", userId, new { before = current, after = role }, ct);
        await tx.CommitAsync(ct);
    }

    public async Task SetLockedAsync(Actor actor, string userId, bool locked, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        if (userId == actor.UserId && locked) throw new DomainException("You cannot lock your own account.");
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("User not found.");
        await using var tx = await identityDb.Database.BeginTransactionAsync(ct);
        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!result.Succeeded) throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
        if (!locked) await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, locked ? "user.locked" : "user.unlocked", userId, null, ct);
        await tx.CommitAsync(ct);
    }

    private async Task AuditAsync(Actor actor, string action, string userId, object? details, CancellationToken ct)
    {
        identityDb.Audit(actor, clock.GetUtcNow().UtcDateTime, action, nameof(ApplicationUser), userId, null, details);
        await identityDb.SaveChangesAsync(ct);
    }

    private static void RequireOperatorRole(string role)
    {
        if (!Roles.Operators.Contains(role))
            throw new DomainException("Choose Admin, Manager or Compliance.", "Role");
    }
}
