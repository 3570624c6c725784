using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// A partner on a 390 px phone: edits the phone number on the profile, uploads a KYC document (it becomes Submitted), and
/// requests a payout from the dashboard through the confirmation, after which the money shows as requested, processing.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PhonePortalJourneyTests(PortalServer server)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_partner_on_a_phone_edits_the_profile_uploads_a_KYC_document_and_requests_a_payout_after_confirming()
    {
        var login = await server.CreatePartnerLoginAsync();
        var partnerId = login.PartnerId!.Value;
        long requirementId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
            partner.SetBeneficiary("GB29 NWBK 6016 1331 9268 19");
            var deal = new Deal(partnerId, "CPA agreement", DealType.Cpa, now.AddDays(-90));
            var version = deal.AddVersion(new DealTerms(125m, null, null, "USD", []), DateOnly.FromDateTime(now.AddDays(-90)), null, now.AddDays(-90));
            db.Deals.Add(deal);
            var requirement = new KycRequirement(partnerId, KycDocumentType.ProofOfAddress, now.AddDays(-2), now.AddDays(12), null);
            db.KycRequirements.Add(requirement);
            await db.SaveChangesAsync();
            var month = new DateOnly(now.Year, now.Month, 1).AddMonths(-1);
            var line = new CommissionLine(partnerId, version.Id, month, month.AddMonths(1).AddDays(-1), CommissionBasis.Cpa, 250m, "USD", now.AddDays(-3))
            {
                Quantity = 2, Rate = 125m,
            };
            line.Approve("journey-approver", now.AddDays(-1));
            db.CommissionLines.Add(line);
            await db.SaveChangesAsync();
            requirementId = requirement.Id;
        }

        var page = await server.NewPageAsync(390, 844);
        await new LoginPage(page).SignInAsync(login.Email, login.Password);
        await page.WaitForURLAsync(new Regex("/portal$"));

        // Profile: the phone number is saved and read back.
        await page.GotoAsync("/portal/profile");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your profile" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("masked-beneficiary")).ToHaveTextAsync("•••• 6819");
        var phone = page.GetByRole(AriaRole.Textbox, new() { Name = "Phone" });
        await phone.FillAsync("+64 21 555 0199");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Profile saved.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Phone" })).ToHaveValueAsync("+64 21 555 0199");

        // KYC: a small PDF for the proof of address; the requirement becomes Submitted.
        var kyc = page.GetByTestId("kyc-requirement").Filter(new() { HasText = "Proof of address" });
        await Assertions.Expect(kyc.GetByText("Requested", new() { Exact = true })).ToBeVisibleAsync();
        await kyc.Locator("input[type=file]").SetFilesWhenReadyAsync(new FilePayload { Name = "utility-bill.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await Assertions.Expect(kyc.GetByText("Submitted", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(kyc.GetByRole(AriaRole.Link, new() { Name = "utility-bill.pdf" })).ToBeVisibleAsync();
        await page.WaitForAnimationsAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "phone-profile-390.png"), FullPage = true });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.KycRequirements.AsNoTracking().SingleAsync(k => k.Id == requirementId);
            Assert.Equal(KycRequirementStatus.Submitted, stored.Status);
            Assert.Equal(64, stored.DocumentSha256!.Length);
        }
        // The owner downloads it back through the KYC file endpoint: the same bytes, as a download that is never sniffed.
        var download = await page.APIRequest.GetAsync($"/files/kyc/{requirementId}");
        Assert.Equal(200, download.Status);
        Assert.Equal("nosniff", download.Headers["x-content-type-options"]);
        Assert.StartsWith("attachment", download.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal(Pdf, await download.BodyAsync());

        // Dashboard: Request payout asks first, then the money shows as requested, processing.
        await page.GotoAsync("/portal");
        await Assertions.Expect(page.GetByLabel("Approved balance")).ToHaveTextAsync("250.00 USD");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request payout" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("confirm-amount")).ToHaveTextAsync("250.00 USD");
        await Assertions.Expect(dialog.GetByTestId("confirm-beneficiary")).ToHaveTextAsync("•••• 6819");
        await page.WaitForAnimationsAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "phone-payout-confirm-390.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm request" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("money-in-flight")).ToHaveTextAsync("250.00 USD requested, processing");
        await Assertions.Expect(page.GetByLabel("Approved balance")).ToHaveTextAsync("0.00 USD");
        await page.WaitForAnimationsAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "phone-dashboard-390.png"), FullPage = true });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var payout = await db.Payouts.AsNoTracking().SingleAsync(p => p.PartnerId == partnerId);
            Assert.Equal((PayoutStatus.Requested, 250m), (payout.Status, payout.Amount));
        }

        await page.Context.CloseAsync();
    }
}
