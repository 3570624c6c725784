using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    /// <summary>The sent compliance announcement whose acknowledgement is still open (due in the future).</summary>
    private Announcement? _openCompliance;

    private sealed record SentAnnouncement(Announcement Announcement, List<SeedPartner> Audience, double ReadShare, double AckShare,
        HashSet<SeedPartner> MustAck, HashSet<SeedPartner> MustNotAck);

    private async Task CreateAnnouncementsAsync(CancellationToken ct)
    {
        var admin = _users.AdminId;
        var compliance = _users.ComplianceId;
        var maya = _users.ManagerId;
        var active = _partners.Where(p => p.Entity.Status == PartnerStatus.Active).ToList();
        List<SeedPartner> ActiveBefore(DateTime at, Func<SeedPartner, bool> filter) => active.Where(p => p.CreatedAt < at && filter(p)).ToList();
        var sent = new List<SentAnnouncement>();

        // 1. An older compliance notice: acknowledged by most, overdue for a few (never blocking, never the demo partner).
        var created = Day(58, 10);
        var rg = new Announcement("Responsible gambling: mandatory wording on every placement", ResponsibleGamblingBody, AnnouncementCategory.Compliance,
            new AnnouncementAudience { SegmentIds = [_segments["igaming"].Id] }, compliance, created);
        rg.RequireAcknowledgement(Day(44, 17), blocksPortal: false, created);
        rg.Revise("Responsible gambling: mandatory wording on every placement", ResponsibleGamblingBody.Replace("help page", "help-line page", StringComparison.Ordinal),
            materialChange: false, compliance, Day(57, 11));
        rg.BeginSending(Day(56, 9));
        var rgAudience = ActiveBefore(Day(56, 9), p => p.Vertical == Vertical.IGamingAffiliate);
        rg.CompleteSending(rgAudience.Count, Day(56, 9.05));
        sent.Add(new(rg, rgAudience, 0.95, 0.85, [DemoPartner], []));

        // 2. The current one: due in two weeks, acknowledged by some (the demo IBs), still open for the demo affiliate.
        created = Day(6, 15);
        var code = new Announcement("Marketing code of conduct (updated)", CodeOfConductBody(false), AnnouncementCategory.Compliance,
            new AnnouncementAudience { AllActivePartners = true }, compliance, created);
        code.RequireAcknowledgement(_today.AddDays(14).AddHours(17), blocksPortal: false, _now);
        code.Revise("Marketing code of conduct (updated)", CodeOfConductBody(true), materialChange: true, compliance, Day(4, 10));
        code.BeginSending(Day(3, 9));
        var codeAudience = ActiveBefore(Day(3, 9), _ => true);
        code.CompleteSending(codeAudience.Count, Day(3, 9.1));
        sent.Add(new(code, codeAudience, 0.6, 0.35, [DemoMaster, DemoSub], [DemoPartner]));
        _openCompliance = code;

        // 3. A promotion for iGaming affiliates, corrected after sending (not a material change).
        created = Day(20, 14);
        var promo = new Announcement("Double CPA on Brazilian FTDs this month", PromotionBody(false), AnnouncementCategory.Promotion,
            new AnnouncementAudience { SegmentIds = [_segments["igaming"].Id] }, maya, created);
        promo.BeginSending(Day(18, 8));
        var promoAudience = ActiveBefore(Day(18, 8), p => p.Vertical == Vertical.IGamingAffiliate);
        promo.CompleteSending(promoAudience.Count, Day(18, 8.05));
        promo.Revise("Double CPA on Brazilian FTDs this month", PromotionBody(true), materialChange: false, maya, Day(17, 12));
        sent.Add(new(promo, promoAudience, 0.55, 0, [], []));

        // 4. A commission change for master IBs.
        created = Day(35, 11);
        var metals = new Announcement("Metals rebates up $1.00 per lot from the 1st", MetalsBody, AnnouncementCategory.CommissionChange,
            new AnnouncementAudience { SegmentIds = [_segments["masters"].Id] }, maya, created);
        metals.BeginSending(Day(34, 8));
        var metalsAudience = ActiveBefore(Day(34, 8), p => p.Vertical == Vertical.ForexIb && p.Entity.Tier == 1);
        metals.CompleteSending(metalsAudience.Count, Day(34, 8.02));
        sent.Add(new(metals, metalsAudience, 0.8, 0, [], []));

        // 5. A draft, and 6. a campaign scheduled for next week.
        var draft = new Announcement("New: downline reports for master IBs", DownlineReportsBody, AnnouncementCategory.ProductUpdate,
            new AnnouncementAudience { Tiers = [1] }, admin, Day(2, 16));
        var summer = new Announcement("Challenge sale: 20 % off every challenge", ChallengeSaleBody, AnnouncementCategory.SeasonalCampaign,
            new AnnouncementAudience { SegmentIds = [_segments["prop"].Id] }, maya, Day(1, 11));
        summer.Schedule(_today.AddDays(5).AddHours(8), _now);

        _db.Announcements.AddRange(rg, code, promo, metals, draft, summer);
        await SaveAsync(ct);

        var ip = 10;
        foreach (var (announcement, audience, readShare, ackShare, mustAck, mustNotAck) in sent)
        {
            var sentAt = announcement.SentAt!.Value;
            foreach (var sp in audience)
            {
                var recipient = new AnnouncementRecipient(announcement.Id, sp.Id, sentAt);
                var acknowledges = announcement.RequiresAcknowledgement && !mustNotAck.Contains(sp) && (mustAck.Contains(sp) || P(ackShare));
                if (acknowledges || P(readShare)) recipient.ReadAt = Later(sentAt, 0, announcement == code ? 2 : 6);
                if (acknowledges)
                {
                    var at = recipient.ReadAt!.Value.AddMinutes(I(1, 20));
                    recipient.AcknowledgedAt = at;
                    recipient.AcknowledgedVersion = announcement.AcknowledgementVersion;
                    // Partners without a demo login acknowledged through their own (not seeded) login.
                    _db.AnnouncementAcknowledgements.Add(new AnnouncementAcknowledgement(announcement.Id, sp.Id, announcement.AcknowledgementVersion,
                        sp.UserId ?? $"seed:partner:{sp.Id}", $"203.0.113.{ip++ % 250 + 1}", at));
                }
                else if (announcement.RequiresAcknowledgement && announcement.AcknowledgementDueAt < _today)
                {
                    recipient.RemindersSent = 2;
                    recipient.LastRemindedAt = Day(45, 9);
                    if (P(0.5)) recipient.EscalatedAt = Day(43, 9);
                }
                _db.AnnouncementRecipients.Add(recipient);
            }
        }
        foreach (var name in new[] { "LuckyRiver - No-wagering spins landing page", "LuckyRiver - Welcome 100 free spins 300x250" })
            _db.AnnouncementCreatives.Add(new AnnouncementCreative(promo.Id, _creatives.Single(c => c.Name == name).Id));
        await SaveAsync(ct, clear: true);
    }

    private const string ResponsibleGamblingBody = """
        From the end of this month, every placement that promotes **LuckyRiver Casino** or **Goalline Sports** must show:

        - the **18+** symbol;
        - the line *Please gamble responsibly*, linked to the regulator's help page for the GEO;
        - the offer's key terms (wagering, expiry, minimum deposit) next to the offer itself.

        Placements without this wording are excluded from commission after the deadline. The approved wording per GEO is in
        *Creatives → Responsible gambling copy pack*.

        Please confirm below that you have read this update.
        """;

    private static string CodeOfConductBody(bool revised) => """
        We've updated the **marketing code of conduct** that applies to every program.

        ### What changes
        1. **No incentivised sign-ups.** Cashback, rakeback or gifts for registering are not allowed.
        2. **Brand bidding** on our trademarks (and misspellings) in paid search is forbidden.
        3. **Risk warnings** must appear on every Forex and prop-trading placement, in the language of the page.
        4. **Testimonials** must be genuine and dated; payout screenshots need our approval.
        """ + (revised ? """

        5. **AI-generated reviews** must be labelled as such and checked for accurate claims.
        """ : "") + """


        The full text is in *Creatives → Partner brand guidelines*. Please acknowledge within two weeks.
        """;

    private static string PromotionBody(bool corrected) => $"""
        For the rest of the month, every **qualifying FTD from Brazil** pays **double CPA**.

        - Applies to LuckyRiver Casino and Goalline Sports.
        - Minimum first deposit: {(corrected ? "R$ 50" : "R$ 30")}.
        - Use the new *No-wagering spins* landing page: it converts best on Brazilian traffic.

        The bonus is added automatically to next month's commission line.
        """;

    private const string MetalsBody = """
        Good news for gold traders: from the 1st of next month, **Metals** pay **$1.00 more per lot** on every master IB agreement.

        | Instrument | Before | From the 1st |
        |---|---:|---:|
        | XAUUSD, XAGUSD | your current rate | + $1.00 |

        Sub-IBs whose terms derive from yours receive their share of the increase automatically; you'll see the new deal
        version on your deal page.
        """;

    private const string DownlineReportsBody = """
        Master IBs can now see their **whole downline** in one report: lots, active traders and rebates per sub-IB, at every level.

        Open *Reports → Downline* and filter by month or instrument class.
        """;

    private const string ChallengeSaleBody = """
        **20 % off every challenge** for one week. Your existing codes stack with the sale, up to 30 %.

        Banners and copy are ready under *Creatives*. Sales start Monday at 08:00 UTC.
        """;
}
