using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Web.Demo;

/// <summary>Names, brands, legal names, emails and tags for generated partners, per country and vertical.</summary>
internal sealed partial class DemoDataset
{
    private (FixedIdentity, bool IsCompany) RandomIdentity(Vertical vertical, string code)
    {
        var country = Countries[code];
        var (first, last) = PersonName(country.Locale);
        var brand = UniqueBrand(vertical);
        var site = Slug(brand) + ".example";
        var isCompany = P(0.3);
        string name, email;
        string? company;
        if (isCompany)
        {
            name = brand;
            company = LegalName(brand, code, vertical);
            email = Pick(["partners", "affiliates", "hello", "team", "bd", "marketing"]) + "@" + site;
        }
        else
        {
            name = $"{first} {last}";
            company = P(0.75) ? LegalName(brand, code, vertical) : null;
            email = company is null
                ? $"{Slug(first)}.{Slug(last)}@{Pick(["inbox", "mailbox", "postbox"])}.example"
                : P(0.5) ? $"{Slug(first)}@{site}" : $"{Slug(first)}.{Slug(last)}@{site}";
        }

        var method = Weighted<PayoutMethod>(vertical switch
        {
            Vertical.IGamingAffiliate => [(PayoutMethod.BankWire, 55), (PayoutMethod.Skrill, 20), (PayoutMethod.Neteller, 12), (PayoutMethod.Crypto, 8), (PayoutMethod.PayPal, 5)],
            Vertical.ForexIb => [(PayoutMethod.BankWire, 45), (PayoutMethod.Crypto, 40), (PayoutMethod.Skrill, 10), (PayoutMethod.Neteller, 5)],
            _ => [(PayoutMethod.BankWire, 40), (PayoutMethod.PayPal, 25), (PayoutMethod.Crypto, 25), (PayoutMethod.Skrill, 10)],
        });
        var currency = vertical == Vertical.IGamingAffiliate ? country.Currency : "USD";
        var threshold = Pick([50m, 100m, 100m, 100m, 250m, 250m, 500m]);
        return (new FixedIdentity(name, company, UniqueEmail(email), code, first, site, [], method, currency, threshold), isCompany);
    }

    private (string First, string Last) PersonName(string locale)
    {
        if (NameLists.TryGetValue(locale, out var lists)) return (Pick(lists.First), Pick(lists.Last));
        var faker = FakerFor(locale);
        return (faker.Name.FirstName(), faker.Name.LastName());
    }

    private string UniqueBrand(Vertical vertical)
    {
        var (prefixes, suffixes, sep) = vertical switch
        {
            Vertical.IGamingAffiliate => (IGamingPrefixes, IGamingSuffixes, ""),
            Vertical.ForexIb => (ForexPrefixes, ForexSuffixes, " "),
            _ => (PropPrefixes, PropSuffixes, " "),
        };
        for (var attempt = 0; ; attempt++)
        {
            var brand = Pick(prefixes) + sep + Pick(suffixes);
            if (attempt > 20) brand += Inv($" {I(2, 99)}");
            if (_brands.Add(brand)) return brand;
        }
    }

    private string LegalName(string brand, string code, Vertical vertical)
    {
        var stem = vertical == Vertical.IGamingAffiliate && P(0.5) ? brand + " Media" : brand;
        return code switch
        {
            "ID" => "PT " + stem,
            "DE" => stem + " GmbH",
            "SE" => stem + " AB",
            "FI" => stem + " Oy",
            "NL" => stem + " B.V.",
            "ES" => stem + " S.L.",
            "IT" => stem + " S.r.l.",
            "PL" => stem + " Sp. z o.o.",
            "PT" => stem + " Lda",
            "BR" => stem + " Ltda",
            "MX" => stem + " S.A. de C.V.",
            "CO" => stem + " S.A.S.",
            "AE" => stem + " FZ-LLC",
            "MY" => stem + " Sdn Bhd",
            "SG" => stem + " Pte. Ltd.",
            "TH" => stem + " Co., Ltd.",
            "VN" => stem + " JSC",
            "ZA" => stem + " (Pty) Ltd",
            "AU" => stem + " Pty Ltd",
            "NZ" => stem + " Limited",
            "CA" or "PH" => stem + " Inc.",
            "US" => stem + " LLC",
            "IN" => stem + " Pvt Ltd",
            _ => stem + " Ltd",
        };
    }

    private string UniqueEmail(string email)
    {
        email = email.ToLowerInvariant();
        if (_emails.Add(email)) return email;
        var at = email.IndexOf('@', StringComparison.Ordinal);
        for (var n = 2; ; n++)
        {
            var candidate = email[..at] + n.ToString(CultureInfo.InvariantCulture) + email[at..];
            if (_emails.Add(candidate)) return candidate;
        }
    }

    /// <summary>"Łukasz Nowák" -> "lukasznowak": ASCII letters and digits only, for emails and domains.</summary>
    private static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            switch (ch)
            {
                case >= 'a' and <= 'z' or >= '0' and <= '9': sb.Append(ch); break;
                case 'ł': sb.Append('l'); break;
                case 'ø': sb.Append('o'); break;
                case 'đ': sb.Append('d'); break;
                case 'ß': sb.Append("ss"); break;
                case 'æ': sb.Append("ae"); break;
            }
        }
        return sb.Length > 0 ? sb.ToString() : "partner";
    }

    private IEnumerable<string> RandomTags(SeedPartner sp)
    {
        (string Tag, double P)[] pool = sp.Vertical switch
        {
            Vertical.IGamingAffiliate => [("seo", 0.45), ("social", 0.25), ("email", 0.15), ("sub-affiliate", 0.1), ("high-roller-traffic", 0.06), ("ppc", 0.1), ("streaming", 0.08)],
            Vertical.ForexIb => [("telegram", 0.35), ("education", 0.3), ("copy-trading", 0.15), ("webinars", 0.2), ("social", 0.2), ("signals", 0.15)],
            _ => [("youtube", 0.35), ("discord", 0.35), ("education", 0.3), ("social", 0.2)],
        };
        foreach (var (tag, p) in pool)
            if (P(p)) yield return tag;
        var big = sp.Vertical switch
        {
            Vertical.IGamingAffiliate => sp.Profile.Base > 300,
            Vertical.ForexIb => sp.Profile.Base > 30,
            _ => sp.Profile.Base > 30,
        };
        if (big && P(0.7)) yield return "vip";
    }
}
