using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain;

namespace PartnerHub.Web.Demo;

/// <summary>The demo's marketing library: banners, landing pages and copy per vertical, with their shipped placeholder artwork.</summary>
internal sealed partial class DemoDataset
{
    private sealed record CreativeSpec(string Name, CreativeType Type, Vertical? Vertical, CreativeStatus Status, string Description,
        string? LandingUrl, int Width = 0, int Height = 0, string? SegmentKey = null);

    private static readonly CreativeSpec[] CreativeSpecs =
    [
        new("LuckyRiver - Welcome 100 free spins 300x250", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Medium rectangle for the casino welcome offer. Key terms are in the image; keep the 18+ line visible.", "https://luckyriver.example/welcome", 300, 250),
        new("LuckyRiver - Welcome 100 free spins 728x90", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Leaderboard version of the welcome offer.", "https://luckyriver.example/welcome", 728, 90),
        new("LuckyRiver - Welcome 100 free spins 160x600", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Skyscraper for sidebars.", "https://luckyriver.example/welcome", 160, 600),
        new("LuckyRiver - Live casino tables 970x250", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Billboard for live blackjack and roulette.", "https://luckyriver.example/live-casino", 970, 250),
        new("LuckyRiver - Welcome offer landing page", CreativeType.LandingPage, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Default landing page; converts best on comparison and review traffic.", "https://luckyriver.example/welcome"),
        new("LuckyRiver - No-wagering spins landing page", CreativeType.LandingPage, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Free spins with no wagering. Converting at 6.8 % on comparable traffic.", "https://luckyriver.example/no-wagering"),
        new("Goalline - Bet builder 300x250", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Bet builder feature banner for football content.", "https://goalline.example/bet-builder", 300, 250),
        new("Goalline - Acca boost 320x50 (mobile)", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Mobile banner for the weekend accumulator boost.", "https://goalline.example/acca-boost", 320, 50),
        new("Goalline - Sportsbook welcome landing page", CreativeType.LandingPage, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Bet 10, get 30 in free bets.", "https://goalline.example/welcome"),
        new("Responsible gambling copy pack", CreativeType.Copy, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "Mandatory wording per GEO: 18+, 'Please gamble responsibly' and the help-line links.", null, SegmentKey: "igaming"),
        new("Casino review copy - LuckyRiver (EN)", CreativeType.Copy, Vertical.IGamingAffiliate, CreativeStatus.Published,
            "800-word review with approved claims about payout speed and game count.", "https://luckyriver.example/welcome"),
        new("LuckyRiver - Summer slots tournament 300x250", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Draft,
            "Tournament banner, waiting for legal sign-off on the prize terms.", "https://luckyriver.example/tournament", 300, 250),
        new("Goalline - Previous welcome offer 728x90", CreativeType.Banner, Vertical.IGamingAffiliate, CreativeStatus.Deprecated,
            "Replaced by the bet-10-get-30 offer; remove it from your pages.", "https://goalline.example/welcome", 728, 90),
        new("Northgate - Trade gold with tight spreads 300x250", CreativeType.Banner, Vertical.ForexIb, CreativeStatus.Published,
            "XAUUSD banner with the risk warning included.", "https://northgate.example/gold", 300, 250),
        new("Northgate - Open an MT5 account 728x90", CreativeType.Banner, Vertical.ForexIb, CreativeStatus.Published,
            "Account opening banner.", "https://northgate.example/open-account", 728, 90),
        new("Northgate - Open account landing page", CreativeType.LandingPage, Vertical.ForexIb, CreativeStatus.Published,
            "MT5 onboarding in three steps; the IB code is pre-filled.", "https://northgate.example/open-account"),
        new("Northgate - Arabic onboarding landing page", CreativeType.LandingPage, Vertical.ForexIb, CreativeStatus.Draft,
            "Right-to-left version of the onboarding page, in translation review.", "https://northgate.example/ar/open-account"),
        new("Northgate - Master IB recruitment deck (copy)", CreativeType.Copy, Vertical.ForexIb, CreativeStatus.Published,
            "Talking points for recruiting sub-IBs: rebate structure, payout schedule, reporting.", null, SegmentKey: "masters"),
        new("Northgate - Copy-trading explainer (copy)", CreativeType.Copy, Vertical.ForexIb, CreativeStatus.Published,
            "Plain-language explainer with the mandatory risk warning.", "https://northgate.example/copy-trading"),
        new("Northgate - Crypto CFDs 160x600", CreativeType.Banner, Vertical.ForexIb, CreativeStatus.Deprecated,
            "Crypto CFD leverage changed; downloads stop soon.", "https://northgate.example/crypto", 160, 600),
        new("Summit Funded - 2-step challenge 300x250", CreativeType.Banner, Vertical.PropTradingAffiliate, CreativeStatus.Published,
            "Challenge banner with the profit split.", "https://summitfunded.example/challenge", 300, 250),
        new("Summit Funded - Challenge landing page", CreativeType.LandingPage, Vertical.PropTradingAffiliate, CreativeStatus.Published,
            "Challenge comparison page; your code is applied at checkout.", "https://summitfunded.example/challenge"),
        new("Summit Funded - 20 % off challenge code (copy)", CreativeType.Copy, Vertical.PropTradingAffiliate, CreativeStatus.Published,
            "Short posts for Discord and YouTube descriptions.", "https://summitfunded.example/challenge"),
        new("Summit Funded - Payout proof 1080x1080 (social)", CreativeType.Banner, Vertical.PropTradingAffiliate, CreativeStatus.Published,
            "Square social post showing the average payout time.", "https://summitfunded.example/payouts", 1080, 1080),
        new("Partner brand guidelines", CreativeType.Copy, null, CreativeStatus.Published,
            "How to use our logos, colours and claims. Applies to every program.", null),
    ];

    private void CreateCreatives()
    {
        foreach (var spec in CreativeSpecs)
        {
            var created = Day(I(90, 300), U(9, 17));
            var creative = new Creative(spec.Name, spec.Type, spec.Vertical, created, Pick([_users.ManagerId, _users.Manager2Id, _users.AdminId]))
            {
                Description = spec.Description,
                LandingUrl = spec.LandingUrl,
            };
            if (spec.Width > 0)
            {
                var file = CreativeSlug(spec.Name) + ".svg";
                creative.AttachFile(file, "image/svg+xml", I(3_500, 14_000), "/assets/creatives/" + file, spec.Width, spec.Height);
            }
            if (spec.SegmentKey is { } key) creative.SetVisibility([_segments[key].Id]);
            switch (spec.Status)
            {
                case CreativeStatus.Published:
                    creative.Publish(Later(created, 1, 60));
                    break;
                case CreativeStatus.Deprecated:
                    creative.Publish(Later(created, 1, 20));
                    // One stopped downloads already, the other still allows them for a few weeks.
                    var deprecatedAt = spec.Vertical == Vertical.ForexIb ? Day(5, 10) : Day(40, 10);
                    creative.Deprecate(deprecatedAt, spec.Vertical == Vertical.ForexIb ? _today.AddDays(25) : Day(10, 10));
                    break;
            }
            _creatives.Add(creative);
            _db.Creatives.Add(creative);
        }
    }

    private static string CreativeSlug(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = new string(chars);
        while (slug.Contains("--", StringComparison.Ordinal)) slug = slug.Replace("--", "-", StringComparison.Ordinal);
        return slug.Trim('-');
    }
}
