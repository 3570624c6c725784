using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Hosting;

/// <summary>Adds the partner id and display name to the sign-in cookie, so ownership checks need no lookup.</summary>
public sealed class PartnerClaimsPrincipalFactory(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    /// <summary>Present while the user still has the password an admin or the configuration gave them.</summary>
    public const string MustChangePasswordClaim = "partnerhub:must_change_password";
    /// <summary>Present when the user has two-factor authentication enabled (the operator MFA gate reads it).</summary>
    public const string TwoFactorClaim = "partnerhub:two_factor";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.PartnerId is { } partnerId)
            identity.AddClaim(new Claim(Actor.PartnerIdClaim, partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.MustChangePassword)
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        if (user.TwoFactorEnabled)
            identity.AddClaim(new Claim(TwoFactorClaim, "true"));
        identity.AddClaim(new Claim(Actor.DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        return identity;
    }
}
