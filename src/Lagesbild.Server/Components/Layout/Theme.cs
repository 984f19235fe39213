using MudBlazor;

namespace Lagesbild.Server.Components.Layout;

/// <summary>Colours chosen for WCAG 2.1 AA contrast (4.5:1 for text) on white and on the app bar.</summary>
public static class Theme
{
    public static readonly MudTheme Lagesbild = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1b4f8a",
            Secondary = "#8a3b12",
            AppbarBackground = "#14365e",
            AppbarText = "#ffffff",
            Error = "#b00020",
            Warning = "#8a5a00",
            Success = "#1e6b2f",
            TextSecondary = "rgba(0,0,0,0.70)",
        },
    };
}
