using MudBlazor;

namespace PartnerHub.Web.Components.Layout;

/// <summary>
/// The brand palette. Every colour used for text (chips, alerts, links) reaches 4.5:1 against its background and against
/// the 12 % tint MudBlazor draws behind text chips, in both themes.
/// </summary>
public static class BrandTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1F4E8C",
            Secondary = "#0A6B54",
            Tertiary = "#8F4F00",
            Info = "#0B5CAD",
            Success = "#1B6B34",
            Warning = "#8A5300",
            Error = "#B3261E",
            AppbarBackground = "#1F4E8C",
            Background = "#F6F8FB",
            DrawerBackground = "#FFFFFF",
            TextSecondary = "rgba(0, 0, 0, 0.68)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7FB0F0",
            Secondary = "#4CC9A6",
            Tertiary = "#F0B35A",
            Info = "#6CB4FF",
            Success = "#5BD98A",
            Warning = "#FFB545",
            Error = "#FF7A85",
            AppbarBackground = "#16233A",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "240px" },
    };
}
