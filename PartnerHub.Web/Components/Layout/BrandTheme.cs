using MudBlazor;

namespace PartnerHub.Web.Components.Layout;

public static class BrandTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1F4E8C",
            Secondary = "#0F8B6E",
            Tertiary = "#C77D14",
            AppbarBackground = "#1F4E8C",
            Background = "#F6F8FB",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7FB0F0",
            Secondary = "#4CC9A6",
            Tertiary = "#F0B35A",
            AppbarBackground = "#16233A",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "240px" },
    };
}
