using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Tests.Domain;

public class DisplayFormatTests
{
    [Theory]
    [InlineData("9999.99", "9,999.99 USD")]
    [InlineData("12345.67", "12,346 USD")]
    [InlineData("10000", "10,000 USD")]
    [InlineData("-25000.5", "-25,001 USD")]
    [InlineData("0", "0.00 USD")]
    public void Short_money_keeps_the_currency_and_drops_the_cents_from_ten_thousand(string amount, string expected) =>
        Assert.Equal(expected, DisplayFormat.MoneyShort(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "usd"));

    [Fact]
    public void Money_keeps_the_cents_for_stored_payloads() =>
        Assert.Equal("12,345.67 EUR", DisplayFormat.Money(12_345.67m, "EUR"));

    [Fact]
    public void Enums_show_their_display_names()
    {
        Assert.Equal("Forex IB", Vertical.ForexIb.Display());
        Assert.Equal("iGaming affiliate", Vertical.IGamingAffiliate.Display());
        Assert.Equal("Bank wire", PayoutMethod.BankWire.Display());
        Assert.Equal("PayPal", PayoutMethod.PayPal.Display());
        Assert.Equal("Not started", KycStatus.NotStarted.Display());
        Assert.Equal("Active", PartnerStatus.Active.Display());
        Assert.Equal("Calculated", CommissionStatus.Calculated.Display());
        Assert.Equal("Requested", PayoutStatus.Requested.Display());
        Assert.Equal("CPA", DealType.Cpa.Display());
        Assert.Equal("RevShare", CommissionBasis.RevShare.Display());
        Assert.Equal("Landing page", CreativeType.LandingPage.Display());
        Assert.Equal("Critical", FlagSeverity.Critical.Display());
    }

    [Theory]
    [InlineData("LandingPage", "Landing page")]
    [InlineData("NotStarted", "Not started")]
    [InlineData("Active", "Active")]
    public void Pascal_case_reads_as_words(string name, string expected) => Assert.Equal(expected, DisplayFormat.Words(name));
}
