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

    public static string Percent(decimal percent) => string.Create(CultureInfo.InvariantCulture, $"{percent:0.##} %");

    public static string Display(this InstrumentClass c) => c switch
    {
        InstrumentClass.FxMajors => "FX majors",
        InstrumentClass.FxMinors => "FX minors",
        _ => c.ToString(),
    };

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
