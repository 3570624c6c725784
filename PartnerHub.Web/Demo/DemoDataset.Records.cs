using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    private readonly Dictionary<string, Segment> _segments = new(StringComparer.Ordinal);
    private readonly List<Creative> _creatives = [];
    private readonly List<(SeedPartner Partner, TrafficQualityFlag Flag)> _flags = [];
    private readonly List<(SeedPartner Partner, KycRequirement Requirement)> _kyc = [];
    private readonly List<(SeedPartner Partner, Milestone Milestone)> _milestones = [];
    private readonly Dictionary<string, TriggerRule> _rules = new(StringComparer.Ordinal);

    private async Task CreateRecordsAsync(CancellationToken ct)
    {
        CreateSegments();
        await SaveAsync(ct);
        CreateCreatives();
        CreateFlags();
        CreateKyc();
        CreateMilestones();
        CreateTriggerRules();
        await SaveAsync(ct);

        // Downloads need the creatives' ids.
        var downloadable = _creatives.Where(c => c.Status != CreativeStatus.Draft && c.FileName is not null).ToList();
        var active = _partners.Where(p => p.Entity.Status == PartnerStatus.Active).ToList();
        foreach (var creative in downloadable)
        {
            var audience = active.Where(p => creative.Vertical is null || p.Vertical == creative.Vertical).ToList();
            var count = I(1, 4);
            var picked = new HashSet<SeedPartner>();
            if (creative.Vertical == Vertical.IGamingAffiliate && picked.Add(DemoPartner)) count--;
            if (creative.Vertical == Vertical.ForexIb && picked.Add(DemoMaster)) count--;
            for (var i = 0; i < count; i++) picked.Add(Pick(audience));
            foreach (var sp in picked)
                _db.CreativeDownloads.Add(new CreativeDownload(creative.Id, sp.Id, Later(creative.PublishedAt!.Value, 1, 20)));
        }
        await SaveAsync(ct, clear: true);

        foreach (var (sp, flag) in _flags)
            Event(EventTypes.TrafficQualityFlagged, sp, nameof(TrafficQualityFlag), flag.Id, new
            {
                flagId = flag.Id, severity = flag.Severity.ToString(), reason = flag.Reason, metric = flag.Metric,
            }, flag.DetectedAt, flag.RaisedById);
        foreach (var (sp, req) in _kyc.Where(k => k.Requirement.Status == KycRequirementStatus.Requested || k.Partner.Demo != DemoRole.None))
            Event(EventTypes.KycRequired, sp, nameof(KycRequirement), req.Id, new
            {
                requirementId = req.Id, document = req.DocumentType.Display(), due = req.DueAt,
            }, req.RequestedAt, req.RequestedById);
        foreach (var (sp, m) in _milestones.Where(m => m.Milestone.AchievedAt > _today.AddDays(-90)))
            Event(EventTypes.MilestoneAchieved, sp, nameof(Milestone), m.Id, new
            {
                milestoneId = m.Id, code = m.Code, title = m.Title, value = m.Value,
            }, m.AchievedAt, null);
    }

    private void CreateSegments()
    {
        (string Key, string Name, string Description, SegmentCriteria Criteria)[] defs =
        [
            ("igaming", "Active iGaming affiliates", "Every active casino and sportsbook affiliate.",
                new SegmentCriteria { Verticals = [Vertical.IGamingAffiliate], Statuses = [PartnerStatus.Active] }),
            ("masters", "Forex master IBs", "Top-level introducing brokers, with or without a downline.",
                new SegmentCriteria { Verticals = [Vertical.ForexIb], Tiers = [1] }),
            ("highvolume", "High-volume IBs", "IBs whose clients traded at least 100 lots in the last 30 days.",
                new SegmentCriteria { Verticals = [Vertical.ForexIb], Thresholds = [new PerformanceThreshold(PerformanceMetric.Lots, 30, 100m)] }),
            ("uk", "UK affiliates", "Partners based in the United Kingdom (UKGC marketing rules apply).",
                new SegmentCriteria { Countries = ["GB"] }),
            ("downline", $"Downline of {DemoMaster.Entity.Name}", "Every sub-IB below the demo master IB, at any depth.",
                new SegmentCriteria { DownlineOfPartnerId = DemoMaster.Id }),
            ("prop", "Prop trading partners", "Active partners promoting the funded-trader challenges.",
                new SegmentCriteria { Verticals = [Vertical.PropTradingAffiliate], Statuses = [PartnerStatus.Active] }),
            ("vip", "VIP partners", "Partners tagged vip: quarterly business reviews and faster payouts.",
                new SegmentCriteria { Tags = ["vip"], Statuses = [PartnerStatus.Active] }),
        ];
        foreach (var (key, name, description, criteria) in defs)
        {
            var segment = new Segment(name, criteria, Day(I(120, 400), U(9, 17)), Pick([_users.ManagerId, _users.Manager2Id, _users.AdminId]))
            {
                Description = description,
            };
            _segments[key] = segment;
            _db.Segments.Add(segment);
        }
    }

    private void CreateFlags()
    {
        (string Reason, string? Metric)[] iGaming =
        [
            ("Click-to-registration ratio of 0.4 % against a 4 % program average (possible bot traffic).", "CR 0.4 % over 7 days"),
            ("18 registrations from the same /24 IP range within two hours.", "18 registrations / 2 h"),
            ("Chargeback rate of 12 % of deposits (threshold 5 %).", "chargebacks 12 %"),
            ("Incentivised traffic: a cashback offer for sign-ups was found on the landing page.", null),
            ("Brand bidding on paid search for 'LuckyRiver casino'.", "12 ad impressions observed"),
            ("Registrations from a restricted GEO (US) through a VPN.", "27 registrations"),
        ];
        (string Reason, string? Metric)[] forex =
        [
            ("Wash-trading pattern: opposite positions across 4 referred accounts.", "4 accounts / 310 lots"),
            ("70 % of lots held for under 60 seconds (latency arbitrage).", "hold time < 60 s"),
            ("Referred clients share one device and IP address.", "6 accounts"),
        ];
        (string Reason, string? Metric)[] prop =
        [
            ("Challenge purchases with one card across 9 accounts.", "9 accounts"),
            ("Refund requests on 40 % of the challenges sold through this link.", "refunds 40 %"),
        ];
        string[] resolved =
        [
            "Partner removed the placement; the affected players were excluded from commission.",
            "Partner added a captcha in front of the redirect; traffic is back to normal.",
            "Accounts closed and the period's line adjusted.",
        ];
        string[] dismissed =
        [
            "False positive: a legitimate viral post drove the spike.",
            "Duplicate events from the tracking provider, not real traffic.",
        ];

        var candidates = _partners.Where(p => p.HasActivity && p.Demo == DemoRole.None).ToList();
        var flagged = new List<SeedPartner> { DemoPartner };
        while (flagged.Count < 27)
        {
            var sp = Pick(candidates);
            if (!flagged.Contains(sp) || P(0.15)) flagged.Add(sp);
        }
        foreach (var sp in flagged)
        {
            var demo = sp.Demo == DemoRole.Partner;
            var (reason, metric) = demo ? iGaming[1] : Pick(sp.Vertical switch
            {
                Vertical.ForexIb => forex,
                Vertical.PropTradingAffiliate => prop,
                _ => iGaming,
            });
            var detected = demo ? Day(48, 6.5) : Day(I(2, 120), U(0, 24));
            var raisedBy = P(0.6) ? null : sp.ManagerAt(detected);
            var flag = new TrafficQualityFlag(sp.Id,
                demo ? FlagSeverity.Warning : Weighted<FlagSeverity>([(FlagSeverity.Info, 30), (FlagSeverity.Warning, 50), (FlagSeverity.Critical, 20)]),
                reason, metric, detected, raisedBy);
            var outcome = demo ? FlagStatus.Resolved : Weighted<FlagStatus>([(FlagStatus.Open, 40), (FlagStatus.Resolved, 40), (FlagStatus.Dismissed, 20)]);
            if (outcome != FlagStatus.Open && detected < _today.AddDays(-2))
            {
                var closedAt = Later(detected, 1, 10);
                flag.Close(outcome, demo ? resolved[1] : Pick(outcome == FlagStatus.Resolved ? resolved : dismissed), sp.ManagerAt(closedAt), closedAt);
            }
            _flags.Add((sp, flag));
            _db.TrafficQualityFlags.Add(flag);
        }
    }

    private void CreateKyc()
    {
        foreach (var sp in _partners)
        {
            var p = sp.Entity;
            var docs = new List<KycDocumentType> { KycDocumentType.ProofOfIdentity, KycDocumentType.ProofOfAddress };
            if (p.Company is not null) docs.Add(KycDocumentType.CompanyRegistration);
            if (sp.IsMasterIb) docs.Add(KycDocumentType.SourceOfFunds);
            var requestedAt = sp.CreatedAt.AddHours(U(1, 3));
            var compliance = _users.ComplianceId;

            foreach (var doc in docs)
            {
                var pending = p.KycStatus == KycStatus.Pending && doc != KycDocumentType.ProofOfIdentity;
                // An outstanding document was asked for recently; some of those are already overdue.
                var asked = pending ? Day(I(3, 30), U(9, 17)) : requestedAt;
                var req = new KycRequirement(p.Id, doc, asked, asked.AddDays(14), compliance);
                switch (p.KycStatus)
                {
                    case KycStatus.NotStarted:
                        break;
                    case KycStatus.Pending when pending:
                        if (P(0.5)) req.Submit(Later(asked, 1, 3));
                        break;
                    case KycStatus.Rejected when doc == KycDocumentType.ProofOfAddress:
                        var submitted = Later(requestedAt, 1, 8);
                        req.Submit(submitted);
                        req.Review(false, compliance, Later(submitted, 1, 3));
                        break;
                    default:
                        var at = Later(requestedAt, 1, 8);
                        req.Submit(at);
                        req.Review(true, compliance, Later(at, 1, 3));
                        break;
                }
                Add(sp, req);
            }

            // Follow-ups: re-verification after expiry, annual tax forms, and the demo logins' open items.
            if (p.KycStatus == KycStatus.Expired)
            {
                var again = Day(I(3, 30), U(9, 17));
                Add(sp, new KycRequirement(p.Id, KycDocumentType.ProofOfAddress, again, again.AddDays(14), compliance));
            }
            if (sp.Demo == DemoRole.Partner)
            {
                var asked = Day(4, 10);
                Add(sp, new KycRequirement(p.Id, KycDocumentType.TaxForm, asked, _today.AddDays(10).AddHours(17), compliance));
            }
            if (sp.Demo == DemoRole.MasterIb)
            {
                var asked = Day(9, 11);
                var tax = new KycRequirement(p.Id, KycDocumentType.TaxForm, asked, asked.AddDays(21), compliance);
                tax.Submit(Day(3, 14));
                Add(sp, tax);
            }
            else if (sp.Demo == DemoRole.None && p.Status == PartnerStatus.Active && p.KycStatus == KycStatus.Verified && P(0.08))
            {
                var asked = Day(I(5, 40), U(9, 17));
                Add(sp, new KycRequirement(p.Id, KycDocumentType.TaxForm, asked, asked.AddDays(21), compliance));
            }
        }

        void Add(SeedPartner sp, KycRequirement req)
        {
            _kyc.Add((sp, req));
            _db.KycRequirements.Add(req);
        }
    }

    /// <summary>Milestones from the daily figures; history before the window is estimated from the early run rate.</summary>
    private void CreateMilestones()
    {
        foreach (var sp in _partners.Where(p => p.Days.Length > 0))
        {
            Func<DayFigures, decimal> metric;
            (string Code, string Title, decimal Value)[] steps;
            switch (sp.Vertical)
            {
                case Vertical.IGamingAffiliate:
                    metric = d => d.Ftds;
                    steps = [(MilestoneCodes.FirstFtd, "First FTD", 1), (MilestoneCodes.Ftds100, "100 FTDs", 100), (MilestoneCodes.Ftds1000, "1,000 FTDs", 1000)];
                    break;
                case Vertical.ForexIb:
                    metric = d => d.Lots;
                    steps = [(MilestoneCodes.FirstLot, "First lot traded", 1), (MilestoneCodes.Lots1000, "1,000 lots traded", 1000)];
                    break;
                default:
                    metric = d => d.FundedAccounts;
                    steps = [(MilestoneCodes.FirstFundedAccount, "First funded account", 1), ("funded-accounts-50", "50 funded accounts", 50)];
                    break;
            }

            var created = DateOnly.FromDateTime(sp.CreatedAt);
            var daysBefore = sp.FirstDay.DayNumber - created.DayNumber;
            var early = sp.Days.Take(30).Sum(metric) / Math.Max(1, Math.Min(30, sp.Days.Length));
            var perDay = early * 0.7m;
            var cumulative = perDay * daysBefore;
            var stepIndex = 0;
            while (stepIndex < steps.Length && perDay > 0 && cumulative >= steps[stepIndex].Value)
            {
                var reachedAfter = (int)Math.Ceiling(steps[stepIndex].Value / perDay);
                AddMilestone(sp, steps[stepIndex++], created.AddDays(Math.Clamp(reachedAfter, 3, Math.Max(3, daysBefore))));
            }
            for (var i = 0; i < sp.Days.Length && stepIndex < steps.Length; i++)
            {
                cumulative += metric(sp.Days[i]);
                while (stepIndex < steps.Length && cumulative >= steps[stepIndex].Value)
                    AddMilestone(sp, steps[stepIndex++], sp.FirstDay.AddDays(i));
            }
        }

        void AddMilestone(SeedPartner sp, (string Code, string Title, decimal Value) step, DateOnly date)
        {
            var m = new Milestone(sp.Id, step.Code, step.Title, step.Value, Cap(At(date, 21.5)));
            _milestones.Add((sp, m));
            _db.Milestones.Add(m);
        }
    }

    private void CreateTriggerRules()
    {
        var created = Day(200, 10);
        Rule(EventTypes.PayoutProcessed, "Payout sent", NotificationCategory.Payouts,
            "Payout sent: {{payout.amount}} {{payout.currency}}",
            "Hi {{partner.name}},\n\nYour payout of **{{payout.amount}} {{payout.currency}}** is on its way. Reference: `{{payout.reference}}`.\n\nBank transfers usually arrive within 1-3 business days.",
            new RuleRecipients { Partner = true }, NotificationChannels.InApp | NotificationChannels.Email);
        Rule(EventTypes.CommissionApproved, "Commission approved", NotificationCategory.Commissions,
            "Commission approved: {{commission.amount}}",
            "Hi {{partner.name}},\n\nA commission of **{{commission.amount}}** has been approved and added to your payable balance.",
            new RuleRecipients { Partner = true }, NotificationChannels.InApp);
        Rule(EventTypes.DealTermsUpdated, "Deal terms updated", NotificationCategory.Deals,
            "Your deal terms have changed",
            "Hi {{partner.name}},\n\nYour terms have been updated.\n\n- **Before:** {{deal.old}}\n- **Now:** {{deal.new}}\n\nEarlier periods keep the terms that applied then.",
            new RuleRecipients { Partner = true, DerivedSubIbs = true }, NotificationChannels.InApp | NotificationChannels.Email);
        var flagRule = Rule(EventTypes.TrafficQualityFlagged, "Traffic quality flag", NotificationCategory.TrafficQuality,
            "Traffic quality alert: {{partner.name}}",
            "Our quality checks flagged traffic on the account of **{{partner.name}}**:\n\n> {{flag.reason}}\n\nPlease reply in Messages with the traffic source so the partner team can review it together.",
            new RuleRecipients { Partner = true, Manager = true }, NotificationChannels.InApp | NotificationChannels.Email);
        flagRule.CooldownMinutes = 1440;
        var creativesRule = Rule(EventTypes.CreativesPublished, "New creatives", NotificationCategory.Creatives,
            "New creatives are available",
            "Hi {{partner.name}},\n\nFresh material for your pages: {{creative.names}}.\n\nFind them under *Creatives*.",
            new RuleRecipients { Partner = true, SegmentId = null }, NotificationChannels.InApp);
        creativesRule.Digest = true;
        Rule(EventTypes.PayoutThresholdReached, "Payout threshold reached", NotificationCategory.Payouts,
            "You've reached your payout threshold",
            "Hi {{partner.name}},\n\nYour approved balance is **{{payout.balance}}**, above your payout threshold. It will be included in the next payout run.",
            new RuleRecipients { Partner = true }, NotificationChannels.InApp);
        var kycRule = Rule(EventTypes.KycRequired, "KYC document required", NotificationCategory.Compliance,
            "Action required: {{kyc.document}}",
            "Hi {{partner.name}},\n\nPlease upload your **{{kyc.document}}** by **{{kyc.due}}** under *Profile → Documents*.\n\nPayouts pause while a required document is overdue.",
            new RuleRecipients { Partner = true }, NotificationChannels.InApp | NotificationChannels.Email);
        kycRule.Critical = true;
        Rule(EventTypes.MilestoneAchieved, "Milestone achieved", NotificationCategory.Milestones,
            "Milestone reached: {{milestone.title}}",
            "Congratulations {{partner.name}}! You've reached **{{milestone.title}}**. Thank you for the great work.",
            new RuleRecipients { Partner = true }, NotificationChannels.InApp);

        foreach (var termsRule in DefaultRules.TermsRules(created))
        {
            _rules[termsRule.EventType] = termsRule;
            _db.TriggerRules.Add(termsRule);
        }

        var messageRule = DefaultRules.NewMessage(created);
        _rules[EventTypes.MessageSent] = messageRule;
        _db.TriggerRules.Add(messageRule);
        foreach (var announcementRule in new[] { DefaultRules.NewAnnouncement(created), DefaultRules.AcknowledgementRequested(created) })
        {
            _rules[announcementRule.EventType] = announcementRule;
            _db.TriggerRules.Add(announcementRule);
        }

        TriggerRule Rule(string eventType, string name, NotificationCategory category, string title, string body, RuleRecipients recipients, NotificationChannels channels)
        {
            var rule = new TriggerRule(name, eventType, category, title, body, created)
            {
                Enabled = true,
                Recipients = recipients,
                Channels = channels,
            };
            _rules[eventType] = rule;
            _db.TriggerRules.Add(rule);
            return rule;
        }
    }
}
