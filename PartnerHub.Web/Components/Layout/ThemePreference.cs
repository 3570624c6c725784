namespace PartnerHub.Web.Components.Layout;

/// <summary>
/// The viewer's light or dark choice for this circuit. It lives in a cookie (<see cref="CookieName"/>) that the page request
/// reads (App.razor darkens the body before the circuit starts, Routes hands the value over) and that the shell writes
/// through wwwroot/js/shell.js when the viewer toggles. Null: no choice made, follow the system setting.
/// </summary>
public sealed class ThemePreference
{
    public const string CookieName = "ph-theme";

    public bool? Dark { get; set; }

    /// <summary>The cookie's value as a choice: "dark", "light", or anything else for none.</summary>
    public static bool? Parse(string? cookie) => cookie switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
