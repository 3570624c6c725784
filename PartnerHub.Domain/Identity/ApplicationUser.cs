using Microsoft.AspNetCore.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Identity;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Set for partner logins: the partner record this user acts for.</summary>
    public int? PartnerId { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public DateTime CreatedAt { get; set; }
    /// <summary>The bootstrap admin is created with a configured password and told to change it.</summary>
    public bool MustChangePassword { get; set; }
}
