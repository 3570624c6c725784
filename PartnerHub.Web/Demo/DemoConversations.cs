using System.Text.RegularExpressions;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Demo;

/// <summary>
/// Conversation scripts for the demo message history. Each line starts with who speaks: "P:" the partner,
/// "O:" the partner's manager, and in downline threads "M:" the master IB and "S:" the sub-IB.
/// <c>%name%</c> placeholders are filled from the partner's own seeded figures; a script is only used
/// when every placeholder it needs has a value for that partner.
/// </summary>
internal static partial class DemoConversations
{
    internal sealed record Script(Vertical? Vertical, string[] Lines)
    {
        public IReadOnlyList<string> Needs { get; } = Lines.SelectMany(l => Placeholder().Matches(l).Select(m => m.Groups[1].Value)).Distinct().ToList();

        public bool Fits(Vertical vertical, IReadOnlyDictionary<string, string> values) =>
            (Vertical is null || Vertical == vertical) && Needs.All(values.ContainsKey);
    }

    [GeneratedRegex("%([a-z]+)%")]
    private static partial Regex Placeholder();

    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>Exchanges that end with the program team's answer (or the partner's thanks).</summary>
    public static readonly Script[] Exchanges =
    [
        new(Vertical.IGamingAffiliate,
        [
            "P:Hi %mgr%, quick one: %month% shows as **Approved** in the portal, but nothing has reached my %method% account yet. When does it go out?",
            "O:Hi %first%, thanks for checking. %month% (**%monthamount%**) was approved last week. Approved balances above your %threshold% threshold go out in the next payout run (Tuesdays and Thursdays), and you'll get a notification with the reference as soon as it's sent.",
            "P:Perfect, thanks %mgr%!",
        ]),
        new(Vertical.IGamingAffiliate,
        [
            "P:Our tracker shows **%ftds% FTDs** for %calcmonth%, but the CPA line says %qftds%. Where did the rest go?",
            "O:Good question. A player qualifies for CPA once they've deposited at least **%mindep%** in total and placed one real-money bet. %diff% of your %calcmonth% FTDs stayed below that, so they count as FTDs in reporting but aren't paid as CPA yet.\n\nIf they top up within 30 days they qualify and show up on next month's line.",
            "P:Makes sense. Could we lower the minimum to %mindeplow% for my traffic? A lot of my players start small.",
            "O:I'll take it to Monday's commercial review. Your 90-day retention is above the program average, which helps. I'll come back to you by Wednesday.",
        ]),
        new(Vertical.IGamingAffiliate,
        [
            "P:NGR went negative for a few days last week after a big win by one of my players. Does that carry over into next month?",
            "O:No negative carry-over on your deal: each month is settled on its own. One high-roller win can push a few days below zero, but the month is what counts. %calcmonth% closed at **%ngr% NGR**, so your RevShare line is **%revamount%**.",
            "P:Great, that's a relief.",
        ]),
        new(Vertical.IGamingAffiliate,
        [
            "O:Hi %first%, we've just published a new landing page for the %brandpage% welcome offer: **free spins with no wagering**. It's converting at 6.8 % on comparable traffic. You'll find it under *Creatives → Landing pages*.",
            "P:Nice. I'll A/B test it against the current one on my %geo% pages this week.",
            "O:Sounds good. Send me the numbers after a week of data and I'll double-check the tracking on our side.",
        ]),
        new(Vertical.IGamingAffiliate,
        [
            "O:Hi %first%, our fraud team noticed a spike in registrations from one IP range on your link last %weekday%:\n\n- 38 registrations in under two hours\n- no deposits\n- the same user agent on all of them\n\nDo you know where that traffic came from?",
            "P:Strange, I didn't launch anything new. It could be a scraper hitting my comparison table. I'll put a captcha in front of the outbound redirect today.",
            "O:Thanks. We've excluded those registrations from reporting. There's no impact on CPA because none of them deposited.",
        ]),
        new(Vertical.IGamingAffiliate,
        [
            "P:We're now doing around %ftds% FTDs a month. Is there room to move from pure CPA to a hybrid deal?",
            "O:Yes, your volume and player quality support it. I can offer **%hybridoffer%** from the 1st of next month. I'll add it as a new deal version, so your current terms stay on record until then.",
            "P:Deal, please go ahead.",
        ]),
        new(Vertical.IGamingAffiliate,
        [
            "P:Could you send me the list of GEOs where %brandpage% is allowed? I'm planning next month's content.",
            "O:Sure: **GB, IE, DE, SE, FI, CA and NZ** for casino; the sportsbook adds **BR** and **MX**. Please don't send traffic from the US, France or the Netherlands: it's rejected automatically and not paid.",
            "P:Thanks, that's exactly what I needed.",
        ]),
        new(Vertical.IGamingAffiliate,
        [
            "P:Can you set up a server-to-server postback for FTDs? I'd like the data in my own tracker.",
            "O:Of course. Send me the postback URL with your click-id parameter and I'll configure it. We fire on **registration** and **FTD**, and can add **qualified CPA** if that helps.",
            "P:Here it is: `https://track.%site%/postback?cid={clickid}&event={event}`",
            "O:Done. I've sent a test FTD: you should see it in your tracker with click id `test-123`.",
        ]),
        new(Vertical.ForexIb,
        [
            "P:Hi %mgr%, my rebate for %calcmonth% looks lower than I expected. My clients traded roughly %lots% lots.",
            "O:Hi %first%, here's the breakdown of your %calcmonth% line:\n\n%breakdown%\n\n%spreadnote%",
            "P:Understood, that explains it. Thanks for the detail.",
        ]),
        new(Vertical.ForexIb,
        [
            "P:How exactly is my sub-IBs' share calculated?",
            "O:Your deal passes **%share% %** of your per-lot rate down to each sub-IB. On your statement, every line marked *Passed down* shows the gross at your rates and the amount that went to the sub-IB; the net is what you keep.\n\nExample: 10 lots of FX majors at %majorrate% = %example% gross, of which %exampleshare% goes to the sub-IB.",
            "P:Clear, thanks.",
        ]),
        new(Vertical.ForexIb,
        [
            "O:Good news: gold and silver now pay **%metalsrate% per lot** on your deal. Sub-IBs whose terms derive from yours get their share of it automatically.",
            "P:Great, most of my clients trade XAUUSD, so this helps a lot.",
        ]),
        new(Vertical.ForexIb,
        [
            "P:Can I receive my rebates in USDT (TRC-20) instead of a bank wire? Fees on incoming wires here are high.",
            "O:Yes. Change the payout method under *Profile → Payout details*. For security, a changed method has a 24-hour cooling-off period before a payout uses it.",
            "P:Done, thanks.",
        ]),
        new(Vertical.ForexIb,
        [
            "P:Two of my clients have been stuck at verification for three days: proof of address rejected.",
            "O:I checked both accounts: they uploaded bank statements older than three months. Ask them to upload a utility bill or statement from the last 90 days and I'll have them fast-tracked.",
            "P:Will do. Thanks for checking so quickly.",
        ]),
        new(Vertical.ForexIb,
        [
            "O:We're hosting a live **XAUUSD trading webinar** in Arabic and English next Wednesday. Shall we add a co-branded registration page for your clients?",
            "P:Yes please, with my logo. I'll push it on my Telegram channel.",
            "O:Great. The page will be under *Creatives* by Friday.",
        ]),
        new(Vertical.ForexIb,
        [
            "P:Are rebates credited daily or monthly?",
            "O:Both, in a way: lots show up in your daily report the next morning, and rebates are paid monthly. The month's line is calculated on the 3rd, approved by about the 10th and paid in the following payout run.",
        ]),
        new(Vertical.PropTradingAffiliate,
        [
            "P:Do reset purchases count as challenge sales for my commission?",
            "O:Yes. A paid reset counts as a sale at the reset price. Free retries don't.",
            "P:Good to know, thanks.",
        ]),
        new(Vertical.PropTradingAffiliate,
        [
            "P:Could I get a custom **15 % code** for my Discord community?",
            "O:Done: **%code%** is live, tracked to your account and valid until the end of next month.",
            "P:Amazing, posting it tonight.",
        ]),
        new(Vertical.PropTradingAffiliate,
        [
            "P:One of my students passed phase 2 last week. How long until his funded account is live?",
            "O:Usually one or two business days after the KYC check. His account is in the queue and should be live tomorrow.",
        ]),
        new(Vertical.PropTradingAffiliate,
        [
            "O:Congratulations, %first%: **%challenges% challenges sold** in %calcmonth%. Want to try a dedicated landing page for your YouTube audience?",
            "P:Definitely. Can it have my referral code pre-filled?",
            "O:Yes, it will. I'll send you the link this week.",
        ]),
        new(null,
        [
            "O:Quick reminder: we need an updated **tax form** on file before the next payout run. You can upload it under *Profile → Documents*.",
            "P:Uploaded a few minutes ago.",
            "O:Got it, thanks. Compliance usually reviews within two business days.",
        ]),
        new(null,
        [
            "P:Do you need an invoice from me for each payout?",
            "O:No, the payout statement in the portal is enough for us. If your accountant needs a self-billing invoice, download it from *Payouts → Statement*.",
        ]),
        new(null,
        [
            "P:Yesterday's stats look empty in the dashboard. Is reporting delayed?",
            "O:Yes, the data feed was about six hours late overnight. Everything has caught up now; refresh and you'll see yesterday's figures.",
            "P:All there now, thanks.",
        ]),
    ];

    /// <summary>Questions the partner asked last, still waiting for the program team.</summary>
    public static readonly Script[] OpenQuestions =
    [
        new(Vertical.IGamingAffiliate, ["P:Hi %mgr%, the tracking link on the new sportsbook banner returns a 404. Could you check it?"]),
        new(Vertical.IGamingAffiliate, ["P:Could you share the GEO list for the new casino brand? I'd like to plan next month's SEO content around it."]),
        new(Vertical.ForexIb, ["P:Is there an Arabic version of the MT5 onboarding landing page? Half of my network would prefer it."]),
        new(Vertical.ForexIb, ["P:Yesterday's EURUSD lots aren't in the daily report yet. Is something delayed?"]),
        new(Vertical.PropTradingAffiliate, ["P:A student says his funded-account payout is late. Should I escalate that here?"]),
        new(null, ["P:Can we schedule a call this week about my deal? My volume has roughly doubled since the last review."]),
        new(null, ["P:I changed my bank account last week. Can you confirm the next payout goes to the new account?"]),
    ];

    /// <summary>A short last word from the program team, so a finished conversation is not left awaiting a reply.</summary>
    public static readonly string[] Closers =
    [
        "Anytime, %first%!", "You're welcome.", "Happy to help, %first%.", "Great, speak soon.", "Thanks, %first%. Have a good week!",
    ];

    public static readonly string[][] Downline =
    [
        [
            "M:Welcome aboard, %subfirst%! Your rebate on FX majors is **%subrate% per lot**, paid monthly together with mine. Ping me here if any client gets stuck at onboarding.",
            "S:Thanks %masterfirst%! I've got six clients funding this week.",
            "M:Remember the spread condition on majors: scalping during news releases won't qualify.",
            "S:Noted. Is there a Spanish version of the landing page? Some of my clients are in LatAm.",
        ],
        [
            "S:My %calcmonth% rebate looks right, thanks for the help with the two stuck accounts.",
            "M:Anytime. Bring in three more active traders this month and I'll ask for a higher share for you.",
        ],
        [
            "M:Heads-up: gold spreads widen around the Fed decision on Wednesday, so lots opened in that window may not qualify for the metals rebate.",
            "S:Thanks, I'll warn my clients.",
        ],
    ];

    public static readonly (string Kind, string Body)[] Notes =
    [
        ("igaming", "Call with %first%: wants to move to a hybrid deal. The numbers justify it (%ftds% FTDs in %calcmonth%). @%othermgr% can you check whether Brazilian traffic is fine for Goalline before I offer it?"),
        ("any", "Asked for weekly payouts. Told them weekly runs are only for balances above $5,000; revisit if volume keeps growing."),
        ("flag", "Traffic flag resolved: it was a scraper on their comparison page and they added a captcha. Watch the registration-to-FTD ratio next month."),
        ("master", "Downline growing fast (%subs% direct sub-IBs). Worth a master IB review next quarter. @%othermgr% FYI, you onboarded two of them."),
        ("company", "Company registration certificate expires next month; remind them to upload the renewed one."),
        ("reassigned", "Took over from %othermgrfull% on %reassigned%. Good relationship; the main contact prefers WhatsApp for anything urgent."),
        ("failed", "Payout failed on a name mismatch. Finance confirmed the new details; re-issue in the next run."),
        ("suspended", "Suspended pending the chargeback review. Do not reactivate without compliance sign-off. @%othermgr% please don't approve their open lines."),
        ("prop", "Runs a Discord of about 4,000 members. Created a custom 15 % code valid until the end of next month."),
        ("any", "Prefers email over calls; reply within one business day or they chase on LinkedIn."),
        ("sub", "Sub-IB of %mastername%; joined through his Telegram channel. Keep the master in the loop on any rate discussion."),
    ];
}
