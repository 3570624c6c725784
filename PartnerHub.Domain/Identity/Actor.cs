using System.Security.Claims;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Identity;

/// <summary>
/// Who is calling a service. Pages build it from the signed-in user and pass it in, and every
/// service method re-checks role and ownership with it instead of trusting the page.
/// </summary>
public sealed record Actor(string UserId, string Name, IReadOnlySet<string> Roles, int? PartnerId, string? IpAddress = null)
{
    public const string PartnerIdClaim = "partnerhub:partner_id";
    public const string DisplayNameClaim = "partnerhub:display_name";

    public bool IsAdmin => Roles.Contains(Identity.Roles.Admin);
    public bool IsManager => Roles.Contains(Identity.Roles.Manager);
    public bool IsCompliance => Roles.Contains(Identity.Roles.Compliance);
    public bool IsOperator => IsAdmin || IsManager || IsCompliance;
    /// <summary>Admins and managers change records; compliance reads.</summary>
    public bool CanWrite => IsAdmin || IsManager;
    /// <summary>Admins and compliance: who reviews the record (audit chain, case files, legal holds, retention, erasure).</summary>
    public bool IsReviewer => IsAdmin || IsCompliance;
    public bool IsPartner => PartnerId is not null && Roles.Contains(Identity.Roles.Partner);

    public static Actor System { get; } = new("system", "PartnerHub", new HashSet<string> { Identity.Roles.Admin }, null);

    public static Actor FromPrincipal(ClaimsPrincipal principal, string? ipAddress = null)
    {
        if (principal.Identity?.IsAuthenticated != true)
            throw new AccessDeniedException("Sign in first.");
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new AccessDeniedException("Sign in first.");
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        int? partnerId = int.TryParse(principal.FindFirstValue(PartnerIdClaim), out var p) ? p : null;
        var name = principal.FindFirstValue(DisplayNameClaim) ?? principal.Identity?.Name ?? id;
        return new Actor(id, name, roles, partnerId, ipAddress);
    }

    public void RequireOperator()
    {
        if (!IsOperator) throw new AccessDeniedException();
    }

    public void RequireWriter()
    {
        if (!CanWrite) throw new AccessDeniedException("Only managers and admins can change this.");
    }

    /// <summary>Refuses anyone but compliance and admins: "Only compliance and admins can {task}."</summary>
    public void RequireReviewer(string task)
    {
        if (!IsReviewer) throw new AccessDeniedException($"Only compliance and admins can {task}.");
    }

    public void RequireAdmin()
    {
        if (!IsAdmin) throw new AccessDeniedException("Only admins can do this.");
    }
}
