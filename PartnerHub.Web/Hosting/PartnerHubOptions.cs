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

/// <summary>Where uploaded files live (outside wwwroot). Relative paths are under the content root.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public string Root { get; set; } = "App_Data/files";
}
