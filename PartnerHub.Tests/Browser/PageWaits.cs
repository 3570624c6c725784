using Microsoft.Playwright;

namespace PartnerHub.Tests.Browser;

/// <summary>Conditions a journey waits for instead of sleeping.</summary>
public static class PageWaits
{
    /// <summary>
    /// Sets files on a Blazor <c>InputFile</c> once the circuit has wired it up. The input is in the page one round trip
    /// before Blazor's <c>InputFile.init</c> adds its change listener (in <c>OnAfterRenderAsync</c>); files set in between
    /// fire a change nobody hears, and the component never learns of them. <c>init</c> marks the element with
    /// <c>_blazorInputFileNextFileId</c>, so that mark is the condition.
    /// </summary>
    public static async Task SetFilesWhenReadyAsync(this ILocator input, FilePayload file)
    {
        await Assertions.Expect(input).ToHaveCountAsync(1);
        var element = await input.ElementHandleAsync();
        await input.Page.WaitForFunctionAsync("el => el._blazorInputFileNextFileId !== undefined", element);
        await element.SetInputFilesAsync(file);
    }

    /// <summary>Waits until no finite CSS animation or transition is running (a popover fading in), for a steady screenshot.</summary>
    public static async Task WaitForAnimationsAsync(this IPage page) =>
        await page.WaitForFunctionAsync("""
            () => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)
            """);

    /// <summary>
    /// Clicks <paramref name="button"/> until <paramref name="target"/> is inside the viewport (a drawer slid in). An element slid
    /// off-screen still counts as visible, hence the viewport test.
    /// </summary>
    public static Task ClickUntilInViewAsync(this ILocator button, ILocator target, int attempts = 10) =>
        button.ClickUntilAsync(async () =>
        {
            var element = await target.ElementHandleAsync();
            await button.Page.WaitForFunctionAsync("el => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth; }",
                element, new() { Timeout = 2_000 });
        }, attempts);

    /// <summary>Clicks <paramref name="button"/> until <paramref name="target"/> (a dialog, a menu item) is visible.</summary>
    public static Task ClickUntilVisibleAsync(this ILocator button, ILocator target, int attempts = 10) =>
        button.ClickUntilAsync(() => Assertions.Expect(target).ToBeVisibleAsync(new() { Timeout = 2_000 }), attempts);

    /// <summary>
    /// Clicks until <paramref name="arrived"/> stops throwing a timeout. A prerendered page shows its buttons before the circuit is
    /// connected; a click in that window does nothing, and Blazor exposes no "interactive now" signal to wait for.
    /// </summary>
    private static async Task ClickUntilAsync(this ILocator button, Func<Task> arrived, int attempts)
    {
        for (var i = 1; ; i++)
        {
            await button.ClickAsync();
            try
            {
                await arrived();
                return;
            }
            catch (PlaywrightException) when (i < attempts)
            {
                // Not interactive yet: click again.
            }
        }
    }
}
