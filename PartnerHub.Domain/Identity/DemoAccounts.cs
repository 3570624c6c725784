using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Identity;

/// <summary>
/// The demo logins the seeder creates. All share <see cref="Password"/>. The three partner logins act
/// for the partner record with the same email; operators have no partner record.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "Demo!Partner2026";

    public const string Admin = "admin@partnerhub.demo";
    public const string Manager = "manager@partnerhub.demo";
    public const string Manager2 = "manager2@partnerhub.demo";
    public const string Compliance = "compliance@partnerhub.demo";
    /// <summary>An active iGaming affiliate.</summary>
    public const string Partner = "partner@partnerhub.demo";
    /// <summary>A Forex master IB (tier 1) with sub-IBs, some of which have their own sub-IBs.</summary>
    public const string MasterIb = "masterib@partnerhub.demo";
    /// <summary>A direct sub-IB (tier 2) of <see cref="MasterIb"/>.</summary>
    public const string SubIb = "subib@partnerhub.demo";

    public static IReadOnlyList<(string Email, string Role, string DisplayName)> All { get; } =
    [
        (Admin, Roles.Admin, "Daniel Reyes (Admin)"),
        (Manager, Roles.Manager, "Maya Levi (Manager)"),
        (Manager2, Roles.Manager, "Tom Becker (Manager)"),
        (Compliance, Roles.Compliance, "Priya Nair (Compliance)"),
        (Partner, Roles.Partner, "Oliver Grant"),
        (MasterIb, Roles.Partner, "Karim Haddad"),
        (SubIb, Roles.Partner, "Lina Rahman"),
    ];
}
