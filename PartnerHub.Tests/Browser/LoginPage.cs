using Microsoft.Playwright;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>The template's sign-in page, found the way a person finds it: by its labels and button.</summary>
public sealed class LoginPage(IPage page)
{
    public async Task SignInAsync(string email, string password = DemoAccounts.Password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }
}
