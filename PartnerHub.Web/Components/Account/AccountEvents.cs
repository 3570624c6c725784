using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Components.Account;

/// <summary>The Identity pages' way into <see cref="AccountAudit"/>: the user (or the name tried) and the request's IP.</summary>
internal static class AccountEvents
{
    public static Task RecordAsync(this AccountAudit audit, string action, ApplicationUser? user, HttpContext http,
        object? details = null, string? attemptedName = null) =>
        audit.RecordAsync(action, user?.Id, user?.UserName ?? attemptedName, http.Connection.RemoteIpAddress?.ToString(), details,
            CancellationToken.None);
}
