using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    private static readonly InstrumentClass[] AllClasses = Enum.GetValues<InstrumentClass>();

    private async Task CreateDealsAsync(CancellationToken ct)
    {
        // Tier by tier: a sub-IB's deal derives from its master's, which must have an id first.
        foreach (var tier in new[] { 1, 2, 3 })
        {
            foreach (var sp in _partners.Where(p => p.Entity.Tier == tier))
            {
                if (sp.Master is null) CreateOwnDeal(sp);
                else CreateDerivedDeal(sp);
                _db.Deals.Add(sp.Deal!);
            }
            await SaveAsync(ct);
        }
        _db.ChangeTracker.Clear();

        foreach (var sp in _partners)
        {
            for (var i = 1; i < sp.Versions.Count; i++)
            {
                var (before, after) = (sp.Versions[i - 1], sp.Versions[i]);
                Event(EventTypes.DealTermsUpdated, sp, nameof(DealVersion), after.Id, new
                {
                    dealId = sp.Deal!.Id,
                    versionId = after.Id,
                    number = after.Number,
                    effectiveFrom = after.EffectiveFrom,
                    parentDealId = sp.Deal.ParentDealId,
                    old = Summary(before),
                    @new = Summary(after),
                }, after.CreatedAt, after.CreatedById);
            }
        }
        await CreatePendingProposalAsync(ct);
    }

    /// <summary>The demo partner has new terms awaiting its answer, so the portal's terms banner and /portal/terms show them.</summary>
    private async Task CreatePendingProposalAsync(CancellationToken ct)
    {
        var sp = _partners.FirstOrDefault(p => p.Demo == DemoRole.Partner);
        if (sp?.Deal?.Current is not { } current) return;
        var proposedAt = _now.AddDays(-2);
        var by = sp.ManagerAt(proposedAt);
        var terms = current.Terms with
        {
            CpaAmount = current.CpaAmount is { } cpa ? cpa + 25m : null,
            Notes = "CPA raised by 25 from next month; RevShare unchanged.",
        };
        var proposal = DealTermsProposal.Create(sp.Deal, ProposalMode.Propose, terms,
            "Your CPA goes up by 25 per qualified player from next month, in recognition of your traffic quality. RevShare stays as it is.",
            TodayDate.AddDays(19), TodayDate.AddDays(26), DeadlineDefault.KeepCurrent, 14, null, by, proposedAt);
        _db.DealTermsProposals.Add(proposal);
        await SaveAsync(ct);
        Event(EventTypes.DealTermsProposed, sp, nameof(DealTermsProposal), proposal.Id, new
        {
            proposalId = proposal.Id, dealId = sp.Deal.Id, dealName = sp.Deal.Name, mode = proposal.Mode, summary = proposal.Summary,
            effectiveFrom = proposal.EffectiveFrom, deadline = proposal.Deadline, noticeDays = proposal.NoticeDays,
            @new = DealService.Summary(proposal.Terms),
        }, proposedAt, by);
    }

    private void CreateOwnDeal(SeedPartner sp)
    {
        var type = sp.Vertical switch
        {
            Vertical.ForexIb => DealType.LotBased,
            Vertical.PropTradingAffiliate => Weighted<DealType>([(DealType.Cpa, 55), (DealType.RevShare, 45)]),
            _ when sp.Demo == DemoRole.Partner => DealType.Hybrid,
            _ => Weighted<DealType>([(DealType.Cpa, 40), (DealType.RevShare, 35), (DealType.Hybrid, 25)]),
        };
        var deal = new Deal(sp.Id, DealName(sp, type), type, sp.CreatedAt.AddMinutes(30));
        sp.Deal = deal;

        var terms = InitialTerms(sp, type);
        var created = sp.CreatedAt.AddHours(U(1, 4));
        AddVersion(sp, terms, DateOnly.FromDateTime(sp.CreatedAt), created);
        foreach (var date in VersionDates(sp))
        {
            terms = NextTerms(sp, type, terms);
            created = Cap(At(date.AddDays(-I(3, 12)), U(9, 17)));
            AddVersion(sp, terms, date, created);
        }
    }

    /// <summary>A sub-IB's deal: its share of the master's rates, re-issued whenever the master's terms change.</summary>
    private void CreateDerivedDeal(SeedPartner sp)
    {
        var master = sp.Master!;
        var deal = new Deal(sp.Id, Truncate($"Sub-IB rebates via {master.Entity.Name}", 120), DealType.LotBased, sp.CreatedAt.AddMinutes(30), master.Deal!.Id);
        sp.Deal = deal;

        var joined = DateOnly.FromDateTime(sp.CreatedAt);
        var first = master.VersionAt(joined) ?? master.Versions[0];
        AddVersion(sp, DerivedTerms(sp, first), joined, sp.CreatedAt.AddHours(U(1, 4)));
        foreach (var mv in master.Versions.Where(v => v.EffectiveFrom > joined))
            AddVersion(sp, DerivedTerms(sp, mv), mv.EffectiveFrom, mv.CreatedAt.AddMinutes(I(5, 40)));
    }

    private void AddVersion(SeedPartner sp, DealTerms terms, DateOnly effectiveFrom, DateTime createdAt)
    {
        if (sp.Versions.Count > 0 && createdAt <= sp.Versions[^1].CreatedAt)
            createdAt = sp.Versions[^1].CreatedAt.AddMinutes(I(10, 90));
        var version = sp.Deal!.AddVersion(terms, effectiveFrom, sp.ManagerAt(createdAt), createdAt);
        sp.Versions.Add(version);
    }

    private DealTerms DerivedTerms(SeedPartner sp, DealVersion masterVersion)
    {
        var rates = masterVersion.LotRates
            .Select(r => new LotRateTerm(r.InstrumentClass, decimal.Round(r.RatePerLot * sp.SubShare / 100m, 2, MidpointRounding.AwayFromZero), r.MaxSpreadPips))
            .ToList();
        return new DealTerms(null, null, sp.SubShare, masterVersion.Currency, rates,
            Inv($"{sp.SubShare:0.#} % of {sp.Master!.Entity.Name}'s rates (master terms v{masterVersion.Number})."));
    }

    /// <summary>First days of months over the past year on which the terms changed.</summary>
    private List<DateOnly> VersionDates(SeedPartner sp)
    {
        var extra = sp.Demo switch
        {
            DemoRole.Partner => 2,
            DemoRole.MasterIb => 3,
            _ when sp.Entity.Status == PartnerStatus.Applied => 0,
            _ => Weighted<int>([(0, 35), (1, 35), (2, 20), (3, 10)]),
        };
        var earliest = DateOnly.FromDateTime(sp.CreatedAt.AddDays(45));
        var yearAgo = TodayDate.AddDays(-365);
        if (earliest < yearAgo) earliest = yearAgo;
        var candidates = new List<DateOnly>();
        for (var d = new DateOnly(earliest.Year, earliest.Month, 1).AddMonths(1); d <= TodayDate.AddDays(-20); d = d.AddMonths(1))
            candidates.Add(d);
        if (candidates.Count == 0 || extra == 0) return [];

        var chosen = new List<DateOnly>();
        // The demo partners changed terms recently, so a deal-change notification is fresh.
        if (sp.Demo != DemoRole.None) chosen.Add(candidates[^1]);
        while (chosen.Count < Math.Min(extra, candidates.Count))
        {
            var d = Pick(candidates);
            if (!chosen.Contains(d)) chosen.Add(d);
        }
        chosen.Sort();
        return chosen;
    }

    private DealTerms InitialTerms(SeedPartner sp, DealType type)
    {
        var p = sp.Entity;
        var currency = p.Currency;
        if (sp.Demo == DemoRole.Partner)
            return new DealTerms(150m, 25m, null, currency, [], "Hybrid terms agreed at onboarding.");
        if (sp.Demo == DemoRole.MasterIb)
            return new DealTerms(null, null, 30m, currency,
            [
                new(InstrumentClass.FxMajors, 9m, 1.2m), new(InstrumentClass.FxMinors, 10m), new(InstrumentClass.Metals, 11m, 3.0m),
                new(InstrumentClass.Indices, 4m), new(InstrumentClass.Crypto, 6m),
            ], "Master IB terms agreed at onboarding.");

        var note = Pick(["Standard terms at sign-up.", "Terms agreed at onboarding call.", "Initial terms.", "Launch terms, to be reviewed after 90 days."]);
        switch (sp.Vertical)
        {
            case Vertical.ForexIb:
                var rates = new List<LotRateTerm> { new(InstrumentClass.FxMajors, Half(U(5, 12)), P(0.35) ? Pick([1.0m, 1.2m, 1.5m]) : null) };
                if (P(0.6)) rates.Add(new(InstrumentClass.FxMinors, Half(U(6, 14)), P(0.2) ? 2.0m : null));
                if (P(0.8)) rates.Add(new(InstrumentClass.Metals, Half(U(8, 15)), P(0.3) ? Pick([2.5m, 3.0m, 3.5m]) : null));
                if (P(0.5)) rates.Add(new(InstrumentClass.Indices, Half(U(2, 6))));
                if (P(0.25)) rates.Add(new(InstrumentClass.Energies, Half(U(4, 8))));
                if (P(0.4)) rates.Add(new(InstrumentClass.Crypto, Half(U(3, 10))));
                if (P(0.15)) rates.Add(new(InstrumentClass.Stocks, Half(U(1, 3))));
                decimal? share = sp.IsMasterIb || sp.Subs.Count > 0 ? Pick([20m, 25m, 30m, 30m, 35m, 40m]) : null;
                return new DealTerms(null, null, share, currency, rates, note);
            case Vertical.PropTradingAffiliate:
                return type == DealType.Cpa
                    ? new DealTerms(Five(U(35, 75)), null, null, currency, [], note)
                    : new DealTerms(null, Pick([10m, 12m, 15m, 15m, 20m]), null, currency, [], note);
            default:
                var cpa = Countries[p.Country].CpaTier switch { 1 => Five(U(180, 380)), 2 => Five(U(100, 200)), _ => Five(U(35, 90)) };
                var rev = Pick([25m, 30m, 30m, 35m, 35m, 40m, 45m]);
                return type switch
                {
                    DealType.Cpa => new DealTerms(cpa, null, null, currency, [], note),
                    DealType.RevShare => new DealTerms(null, rev, null, currency, [], note),
                    _ => new DealTerms(Five((double)cpa * 0.55), Math.Max(15m, rev - 10m), null, currency, [], note),
                };
        }
    }

    private DealTerms NextTerms(SeedPartner sp, DealType type, DealTerms prev)
    {
        var cur = prev.Currency;
        switch (type)
        {
            case DealType.Cpa:
                if (P(0.1))
                {
                    var lower = Math.Max(20m, prev.CpaAmount!.Value - Pick([10m, 25m]));
                    return prev with { CpaAmount = lower, Notes = $"CPA reduced to {Amount(lower, cur)} after the quality review (low FTD-to-active ratio)." };
                }
                var cpa = prev.CpaAmount!.Value + Pick([10m, 25m, 25m, 50m]);
                return prev with { CpaAmount = cpa, Notes = $"CPA raised to {Amount(cpa, cur)} after the quarterly review." };
            case DealType.RevShare:
                var rev = Math.Min(50m, prev.RevSharePercent!.Value + 5m);
                return prev with { RevSharePercent = rev, Notes = Inv($"RevShare up to {rev:0.#} % for sustained volume.") };
            case DealType.Hybrid:
                if (P(0.5) || prev.RevSharePercent >= 45m)
                {
                    var c = prev.CpaAmount!.Value + 25m;
                    return prev with { CpaAmount = c, Notes = $"CPA part raised to {Amount(c, cur)}; RevShare unchanged." };
                }
                var r = prev.RevSharePercent!.Value + 5m;
                return prev with { RevSharePercent = r, Notes = Inv($"RevShare part raised to {r:0.#} %; CPA unchanged.") };
            default:
                return NextLotTerms(sp, prev);
        }
    }

    private DealTerms NextLotTerms(SeedPartner sp, DealTerms prev)
    {
        var rates = prev.LotRates.ToList();
        var missing = AllClasses.Where(c => rates.All(r => r.InstrumentClass != c)).ToList();
        var choice = Weighted<int>([(0, 45), (1, missing.Count > 0 ? 25 : 0), (2, 15), (3, prev.SubIbSharePercent is null ? 0 : 15)]);
        switch (choice)
        {
            case 1:
                var added = Pick(missing);
                var rate = Half(added switch { InstrumentClass.Metals => U(8, 14), InstrumentClass.Crypto => U(3, 9), InstrumentClass.Stocks => U(1, 3), _ => U(3, 8) });
                rates.Add(new LotRateTerm(added, rate));
                return prev with { LotRates = rates, Notes = Inv($"{ClassName(added)} added at ${rate:0.00} per lot.") };
            case 2:
                var majors = rates.FindIndex(r => r.InstrumentClass == InstrumentClass.FxMajors);
                var pips = Pick([1.0m, 1.2m, 1.5m]);
                rates[majors] = rates[majors] with { MaxSpreadPips = pips, RatePerLot = rates[majors].RatePerLot + 1m };
                return prev with { LotRates = rates, Notes = Inv($"FX majors rate +$1.00 per lot, paid while the spread is at most {pips:0.0#} pips.") };
            case 3:
                var share = Math.Min(45m, prev.SubIbSharePercent!.Value + 5m);
                return prev with { SubIbSharePercent = share, Notes = Inv($"Sub-IB share raised to {share:0.#} % to support downline growth.") };
            default:
                var i = sp.Demo == DemoRole.MasterIb ? rates.FindIndex(r => r.InstrumentClass == InstrumentClass.Metals) : I(0, rates.Count - 1);
                var bump = Pick([0.5m, 1m, 1m, 1.5m, 2m]);
                rates[i] = rates[i] with { RatePerLot = rates[i].RatePerLot + bump };
                return prev with { LotRates = rates, Notes = Inv($"{ClassName(rates[i].InstrumentClass)} rate raised to ${rates[i].RatePerLot:0.00} per lot.") };
        }
    }

    private static string DealName(SeedPartner sp, DealType type)
    {
        var vip = sp.Entity.Tags.Any(t => t.Tag == "vip") ? "VIP " : "";
        return (sp.Vertical, type) switch
        {
            (Vertical.ForexIb, _) when sp.IsMasterIb => "Master IB agreement",
            (Vertical.ForexIb, _) => vip + "IB rebate agreement",
            (Vertical.PropTradingAffiliate, DealType.Cpa) => vip + "Challenge CPA",
            (Vertical.PropTradingAffiliate, _) => vip + "Challenge RevShare",
            (_, DealType.Cpa) => vip + "Casino & sports CPA",
            (_, DealType.RevShare) => vip + "Casino & sports RevShare",
            _ => vip + "Hybrid CPA + RevShare",
        };
    }

    /// <summary>One line a partner can read: "CPA £175.00 + 25 % RevShare", "FX majors $10.00/lot (spread ≤ 1.2 pips), …".</summary>
    private static string Summary(DealVersion v)
    {
        var parts = new List<string>();
        if (v.CpaAmount is { } cpa) parts.Add("CPA " + Amount(cpa, v.Currency));
        if (v.RevSharePercent is { } rev) parts.Add(Inv($"{rev:0.#} % RevShare"));
        if (v.LotRates.Count > 0)
        {
            parts.Add(string.Join(", ", v.LotRates.Select(r => Inv($"{ClassName(r.InstrumentClass)} ${r.RatePerLot:0.00}/lot")
                + (r.MaxSpreadPips is { } pips ? Inv($" (spread ≤ {pips:0.0#} pips)") : ""))));
            if (v.SubIbSharePercent is { } share) parts.Add(Inv($"sub-IB share {share:0.#} %"));
        }
        return string.Join(" + ", parts);
    }

    private static string ClassName(InstrumentClass c) => c switch
    {
        InstrumentClass.FxMajors => "FX majors",
        InstrumentClass.FxMinors => "FX minors",
        _ => c.ToString(),
    };

    private static string SpreadCondition(decimal? maxSpreadPips) => maxSpreadPips is { } pips ? Inv($"spread <= {pips:0.0#} pips") : "";

    private static decimal Half(double x) => Math.Round((decimal)x * 2m, MidpointRounding.AwayFromZero) / 2m;
    private static decimal Five(double x) => Math.Max(5m, Math.Round((decimal)x / 5m, MidpointRounding.AwayFromZero) * 5m);
    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
