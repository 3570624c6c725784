using System.Globalization;
using PartnerHub.Domain.Deals;

namespace PartnerHub.Domain;

/// <summary>
/// The display strings every feature uses for money, percentages and instrument classes. Invariant
/// culture: the same text appears in grids, breakdowns and stored event payloads.
/// </summary>
public static class DisplayFormat
{
    public static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:N2} {currency.ToUpperInvariant()}");

    /// <summary>
    /// A total as cards, KPIs and headers show it: with its currency always, without the cents from 10,000 up
    /// ("12,346 USD", "9,876.50 USD"). Stored payloads and templates keep <see cref="Money"/>.
    /// </summary>
    public static string MoneyShort(decimal amount, string currency) => Math.Abs(amount) >= 10_000m
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(amount, 0, MidpointRounding.AwayFromZero):N0} {currency.ToUpperInvariant()}")
        : Money(amount, currency);

    public static string Percent(decimal percent) => string.Create(CultureInfo.InvariantCulture, $"{percent:0.##} %");

    public static string Display(this InstrumentClass c) => c switch
    {
        InstrumentClass.FxMajors => "FX majors",
        InstrumentClass.FxMinors => "FX minors",
        _ => c.ToString(),
    };

    public static string Display(this Partners.Vertical v) => v switch
    {
        Partners.Vertical.IGamingAffiliate => "iGaming affiliate",
        Partners.Vertical.ForexIb => "Forex IB",
        Partners.Vertical.PropTradingAffiliate => "Prop trading affiliate",
        _ => v.ToString(),
    };

    public static string Display(this Partners.PayoutMethod m) => m switch
    {
        Partners.PayoutMethod.BankWire => "Bank wire",
        Partners.PayoutMethod.PayPal => "PayPal",
        _ => m.ToString(),
    };

    public static string Display(this Partners.KycStatus s) => s == Partners.KycStatus.NotStarted ? "Not started" : s.ToString();

    public static string Display(this DealType t) => t switch
    {
        DealType.Cpa => "CPA",
        DealType.RevShare => "RevShare",
        DealType.LotBased => "Lot-based",
        _ => t.ToString(),
    };

    public static string Display(this Commissions.CommissionBasis b) => b switch
    {
        Commissions.CommissionBasis.Cpa => "CPA",
        Commissions.CommissionBasis.RevShare => "RevShare",
        _ => b.ToString(),
    };

    /// <summary>
    /// Any other enum value as words: "LandingPage" reads "Landing page", "NotStarted" "Not started"; single words
    /// (statuses such as "Active", "Requested") stay as they are. Enums with brand names or acronyms have their own overload.
    /// </summary>
    public static string Display(this Enum value) => Words(value.ToString());

    /// <summary>"LandingPage" -> "Landing page".</summary>
    public static string Words(string pascalCase)
    {
        var text = new System.Text.StringBuilder(pascalCase.Length + 4);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(pascalCase[i - 1])) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>A KYC document as templates, notifications and the timeline name it ("proof of address").</summary>
    public static string Display(this Compliance.KycDocumentType type) => type switch
    {
        Compliance.KycDocumentType.ProofOfIdentity => "proof of identity",
        Compliance.KycDocumentType.ProofOfAddress => "proof of address",
        Compliance.KycDocumentType.CompanyRegistration => "company registration certificate",
        Compliance.KycDocumentType.TaxForm => "tax form",
        _ => "source of funds declaration",
    };
}
