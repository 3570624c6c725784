using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Users;

/// <summary>
/// A partner closes their own login. What goes: the login (the Identity user, its roles, logins, passkeys, tokens and
/// notification preferences). What stays: the partner record and everything recorded about it (deals, commissions,
/// payouts, messages, acknowledgements, the audit log), because they are the program's financial and compliance
/// records; an operator can give the partner a new login later. Operators cannot delete themselves (an admin locks an
/// operator instead), and the last admin is never deleted, whatever the page in front of this service allows.
/// The deletion and its <see cref="AccountAudit.Actions.Deleted"/> entry commit in one transaction.
/// </summary>
public sealed class AccountDeletion(IServiceScopeFactory scopes, AccountAudit audit)
{
    public async Task DeleteOwnAccountAsync(Actor actor, string? password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByIdAsync(actor.UserId) ?? throw new NotFoundException("Account not found.");
        var roles = await users.GetRolesAsync(user);
        if (roles.Contains(Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
            throw new DomainException("The last admin account cannot be deleted.");
        if (actor.IsOperator || roles.Any(Roles.Operators.Contains))
            throw new AccessDeniedException("Operator accounts cannot be deleted by their owner. Ask an admin to lock the account.");
        if (await users.HasPasswordAsync(user) && !await users.CheckPasswordAsync(user, password ?? ""))
            throw new DomainException("Incorrect password.", "Password");

        var partnerId = user.PartnerId;
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not delete the account: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        audit.Add(db, AccountAudit.Actions.Deleted, actor.UserId, actor.Name, actor.IpAddress, new { partnerId, keptPartnerRecord = partnerId is not null });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
