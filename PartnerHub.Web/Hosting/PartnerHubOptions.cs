namespace PartnerHub.Web.Hosting;

/// <summary>Demo mode: on in Development unless <c>Demo:Enabled</c> says otherwise; off elsewhere.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";
    public bool Enabled { get; set; }
}

/// <summary>The first admin outside demo mode (<c>Bootstrap:AdminEmail</c>, <c>Bootstrap:AdminPassword</c>).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

/// <summary>
/// Session and sign-in rules (<c>Security:*</c>). <see cref="RevalidateSeconds"/>: how often a signed-in cookie and an
/// open circuit are checked against the user's security stamp and lockout (default 60). <see cref="RequireOperatorMfa"/>:
/// operators must enrol two-factor authentication before opening anything (default on outside demo mode).
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";
    public int RevalidateSeconds { get; set; } = 60;
    public bool RequireOperatorMfa { get; set; }
}
