using PartnerHub.Domain.Users;
namespace PartnerHub.Domain.Identity;

/// <summary>The four roles. A master IB is a Partner with a downline, not a role.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Compliance = "Compliance";
    public const string Partner = "Partner";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Compliance, Partner];
    public static readonly IReadOnlyList<string> Operators = [Admin, Manager, Compliance];
}

/// <summary>Authorization policy names, used on pages and re-checked in services via <see cref="Actor"/>.</summary>
public static class Policies
{
    /// <summary>Any operator: Admin, Manager or Compliance.</summary>
    public const string Console = "Console";
    /// <summary>Operators who may change records and write to partners: Admin or Manager.</summary>
    public const string ConsoleWrite = "ConsoleWrite";
    public const string Admin = "Admin";
    public const string Portal = "Portal";
}
