using System.Globalization;
using System.Text;
using System.Text.Json;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    private const int DirectThreadCount = 100;

    private sealed record PlannedMessage(MessageAuthorKind Kind, string? UserId, int? PartnerId, string Body, DateTime SentAt,
        (LinkedRecordType Type, string Id, string Snapshot)? Link = null);

    /// <summary>A conversation before it is saved. A class, not a record: it is a grouping key and compares by reference.</summary>
    private sealed class PlannedThread(MessageThread thread, SeedPartner partner, SeedPartner? master, List<PlannedMessage> messages, bool lastOperatorMessageUnread)
    {
        public MessageThread Thread { get; } = thread;
        public SeedPartner Partner { get; } = partner;
        /// <summary>Downline threads: the master IB on the other side.</summary>
        public SeedPartner? Master { get; } = master;
        public List<PlannedMessage> Messages { get; } = messages;
        /// <summary>Leaves the team's latest answer unread, so the partner login has something new.</summary>
        public bool LastOperatorMessageUnread { get; } = lastOperatorMessageUnread;
    }

    private readonly List<PlannedThread> _threads = [];

    private async Task CreateMessagingAsync(CancellationToken ct)
    {
        PlanDirectThreads();
        PlanRecordThreads();
        PlanDownlineThreads();
        foreach (var t in _threads)
        {
            t.Messages.Sort((a, b) => a.SentAt.CompareTo(b.SentAt));
            foreach (var m in t.Messages) t.Thread.OnMessage(m.Kind, m.SentAt);
        }
        _db.MessageThreads.AddRange(_threads.Select(t => t.Thread));
        await SaveAsync(ct);

        var messages = new List<(PlannedThread Thread, PlannedMessage Plan, Message Message)>();
        foreach (var t in _threads)
        {
            foreach (var m in t.Messages)
            {
                var message = new Message(t.Thread.Id, m.Kind, m.UserId, m.PartnerId, m.Body, m.SentAt);
                if (m.Link is { } link) message.LinkRecord(link.Type, link.Id, link.Snapshot);
                messages.Add((t, m, message));
                _db.Messages.Add(message);
            }
        }
        await SaveAsync(ct);

        foreach (var group in messages.GroupBy(m => m.Thread))
        {
            var list = group.ToList();
            var lastOperator = list.FindLastIndex(m => m.Plan.Kind == MessageAuthorKind.Operator);
            for (var i = 0; i < list.Count; i++)
            {
                var (thread, plan, message) = list[i];
                // The newest messages are still unread; so is the demo affiliate's latest answer from the team.
                if (plan.SentAt > _today.AddDays(-1)) continue;
                if (thread.LastOperatorMessageUnread && i == lastOperator) continue;
                foreach (var (userId, isOperator) in Readers(thread, plan))
                    _db.MessageReceipts.Add(new MessageReceipt(message.Id, userId, isOperator, Cap(plan.SentAt.AddHours(U(0.3, 18)))));
            }
        }
        CreateNotes();
        CreateSavedReplies();
        await SaveAsync(ct, clear: true);
    }

    /// <summary>Who has read a message: the operator side for partner messages, partner logins for the rest.</summary>
    private IEnumerable<(string UserId, bool IsOperator)> Readers(PlannedThread thread, PlannedMessage m)
    {
        if (thread.Thread.Kind == ThreadKind.Downline)
        {
            var other = m.PartnerId == thread.Partner.Id ? thread.Master : thread.Partner;
            if (other?.UserId is { } id) yield return (id, false);
            yield break;
        }
        if (m.Kind == MessageAuthorKind.Partner) yield return (thread.Partner.ManagerAt(m.SentAt), true);
        else if (thread.Partner.UserId is { } partnerUser) yield return (partnerUser, false);
    }

    // ---- direct threads ----

    private void PlanDirectThreads()
    {
        var candidates = _partners.Where(p => p.HasActivity && p.Demo == DemoRole.None).ToList();
        var chosen = new List<SeedPartner> { DemoPartner, DemoMaster, DemoSub };
        while (chosen.Count < DirectThreadCount)
        {
            var sp = candidates[I(0, candidates.Count - 1)];
            candidates.Remove(sp);
            chosen.Add(sp);
        }

        foreach (var sp in chosen)
        {
            var values = ContextFor(sp);
            var fitting = DemoConversations.Exchanges.Where(s => s.Fits(sp.Vertical, values)).ToList();
            var scripts = new List<DemoConversations.Script>();
            var wanted = sp.Demo == DemoRole.None ? Weighted<int>([(1, 40), (2, 40), (3, 20)]) : 3;
            while (scripts.Count < wanted && fitting.Count > 0)
            {
                // The demo affiliate's thread opens with the payout and CPA questions a reviewer would look for.
                var next = sp.Demo == DemoRole.Partner && scripts.Count < 2 ? fitting[0] : Pick(fitting);
                fitting.Remove(next);
                scripts.Add(next);
            }
            var awaiting = sp.Demo switch
            {
                DemoRole.Partner => false,
                DemoRole.MasterIb => true,
                DemoRole.SubIb => false,
                _ => P(0.3),
            };
            DemoConversations.Script? open = null;
            if (awaiting)
            {
                var openFits = DemoConversations.OpenQuestions.Where(s => s.Fits(sp.Vertical, values)).ToList();
                open = sp.Demo == DemoRole.MasterIb ? openFits.First(s => s.Lines[0].Contains("Arabic", StringComparison.Ordinal)) : Pick(openFits);
            }
            while (scripts.Sum(s => s.Lines.Length) + (open is null ? 0 : 1) > 12) scripts.RemoveAt(scripts.Count - 1);
            if (scripts.Sum(s => s.Lines.Length) + (open is null ? 0 : 1) < 2) continue;

            var messages = new List<PlannedMessage>();
            var startDays = SpreadDays(scripts.Count, 6, 60, 4);
            for (var i = 0; i < scripts.Count; i++)
            {
                var t = Day(startDays[i], U(8, 18));
                foreach (var line in scripts[i].Lines)
                {
                    messages.Add(Speak(sp, line, values, t));
                    t = Cap(t.AddHours(U(1.5, 20)));
                }
            }
            if (open is not null) messages.Add(Speak(sp, open.Lines[0], values, Day(I(1, 3), U(6, 20))));
            else CloseConversation(sp, messages, values);

            var thread = MessageThread.Direct(sp.Id, messages.Min(m => m.SentAt).AddMinutes(-1));
            if (awaiting) thread.AssignTo(sp.ManagerId);
            _threads.Add(new PlannedThread(thread, sp, null, messages, sp.Demo == DemoRole.Partner));
        }
    }

    /// <summary>Ends a finished conversation with the team's last word when the partner spoke last.</summary>
    private void CloseConversation(SeedPartner sp, List<PlannedMessage> messages, IReadOnlyDictionary<string, string>? values = null)
    {
        var last = messages.MaxBy(m => m.SentAt)!;
        if (last.Kind != MessageAuthorKind.Partner) return;
        values ??= new Dictionary<string, string>(StringComparer.Ordinal) { ["first"] = sp.ContactFirstName };
        messages.Add(Speak(sp, "O:" + Pick(DemoConversations.Closers), values, Cap(last.SentAt.AddHours(U(0.5, 5)))));
    }

    /// <summary><paramref name="count"/> distinct days ago between min and max, oldest first, at least <paramref name="gap"/> apart.</summary>
    private List<int> SpreadDays(int count, int min, int max, int gap)
    {
        var days = new List<int>();
        for (var attempt = 0; days.Count < count && attempt < 200; attempt++)
        {
            var d = I(min, max);
            if (days.All(x => Math.Abs(x - d) >= gap)) days.Add(d);
        }
        days.Sort((a, b) => b.CompareTo(a));
        return days;
    }

    private PlannedMessage Speak(SeedPartner sp, string line, IReadOnlyDictionary<string, string> values, DateTime at)
    {
        var body = DemoConversations.Fill(line[2..], values);
        return line[0] == 'O'
            ? new PlannedMessage(MessageAuthorKind.Operator, sp.ManagerAt(at), null, body, at)
            : new PlannedMessage(MessageAuthorKind.Partner, sp.UserId, sp.Id, body, at);
    }

    // ---- downline threads: the demo master IB with some of its sub-IBs ----

    private void PlanDownlineThreads()
    {
        var master = DemoMaster;
        var subs = new List<SeedPartner> { DemoSub };
        subs.AddRange(master.Subs.Where(s => s.Demo == DemoRole.None && s.Entity.Status == PartnerStatus.Active).Take(3));
        for (var n = 0; n < subs.Count; n++)
        {
            var sub = subs[n];
            var subRate = sub.Versions[^1].LotRates.FirstOrDefault(r => r.InstrumentClass == InstrumentClass.FxMajors)?.RatePerLot ?? 0m;
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["subfirst"] = sub.ContactFirstName,
                ["masterfirst"] = master.ContactFirstName,
                ["subrate"] = Amount(subRate, "USD"),
                ["calcmonth"] = MonthName(_periods[0].Start),
            };
            var scripts = n == 0 ? DemoConversations.Downline : [DemoConversations.Downline[n % 2 == 0 ? 2 : 0]];
            var messages = new List<PlannedMessage>();
            var days = SpreadDays(scripts.Length, 3, 55, 5);
            for (var i = 0; i < scripts.Length; i++)
            {
                var t = Day(days[i], U(7, 19));
                foreach (var line in scripts[i])
                {
                    var author = line[0] == 'M' ? master : sub;
                    messages.Add(new PlannedMessage(MessageAuthorKind.Partner, author.UserId, author.Id, DemoConversations.Fill(line[2..], values), t));
                    t = Cap(t.AddHours(U(0.5, 9)));
                }
            }
            var thread = MessageThread.Downline(sub.Id, master.Id, messages.Min(m => m.SentAt).AddMinutes(-1), master.UserId);
            _threads.Add(new PlannedThread(thread, sub, master, messages, false));
        }
    }

    // ---- internal notes ----

    private void CreateNotes()
    {
        var failedPartners = _payouts.Where(p => p.Payout.Status == PayoutStatus.Failed).Select(p => p.Partner).ToHashSet();
        var flagged = _flags.Where(f => f.Flag.Status == FlagStatus.Resolved).Select(f => f.Partner).ToHashSet();
        var plans = new List<(SeedPartner Partner, string Kind)>
        {
            (DemoPartner, "igaming"), (DemoPartner, "reassigned"), (DemoMaster, "master"), (DemoMaster, "reassigned"), (DemoSub, "sub"),
        };
        var others = _partners.Where(p => p.Demo == DemoRole.None && p.Entity.Status != PartnerStatus.Applied).ToList();
        while (plans.Count < 18)
        {
            var sp = Pick(others);
            var kind = failedPartners.Contains(sp) ? "failed"
                : sp.Entity.Status == PartnerStatus.Suspended ? "suspended"
                : flagged.Contains(sp) ? "flag"
                : sp.Vertical == Vertical.PropTradingAffiliate ? "prop"
                : sp.IsCompany ? "company"
                : "any";
            if (plans.Any(x => x.Partner == sp && x.Kind == kind)) continue;
            plans.Add((sp, kind));
        }

        foreach (var (sp, kind) in plans)
        {
            var at = kind == "reassigned" && sp.ReassignedAt is { } r ? Cap(r.AddDays(1).AddHours(2)) : Day(I(2, 90), U(8, 18));
            var author = sp.ManagerAt(at);
            var other = OtherManager(author);
            var values = new Dictionary<string, string>(ContextFor(sp), StringComparer.Ordinal)
            {
                ["othermgr"] = ManagerName(other).Split(' ')[0],
                ["othermgrfull"] = ManagerName(other),
                ["subs"] = sp.Subs.Count.ToString(CultureInfo.InvariantCulture),
                ["mastername"] = sp.Master?.Entity.Name ?? "",
                ["reassigned"] = (sp.ReassignedAt ?? at).ToString("d MMMM", CultureInfo.InvariantCulture),
            };
            if (!values.ContainsKey("ftds")) values["ftds"] = "0";
            var template = DemoConversations.Notes.First(n => n.Kind == kind).Body;
            var note = new InternalNote(sp.Id, author, DemoConversations.Fill(template, values), at);
            if (template.Contains('@', StringComparison.Ordinal)) note.Mention(other);
            _db.InternalNotes.Add(note);
        }
    }

    // ---- the figures a conversation may quote ----

    private Dictionary<string, string> ContextFor(SeedPartner sp)
    {
        var p = sp.Entity;
        var cur = p.Currency;
        var v = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["first"] = sp.ContactFirstName,
            ["mgr"] = ManagerName(sp.ManagerId).Split(' ')[0],
            ["site"] = sp.Site,
            ["geo"] = sp.CountryName,
            ["method"] = MethodName(p.PayoutMethod),
            ["threshold"] = Amount(p.PayoutThreshold, cur),
            ["weekday"] = Pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
            ["month"] = MonthName(_periods[1].Start),
            ["calcmonth"] = MonthName(_periods[0].Start),
        };
        var lines = _lines.Where(l => l.Partner == sp).ToList();
        var month = lines.Where(l => l.K == 2 && l.Line.Status is CommissionStatus.Approved or CommissionStatus.Paid).Sum(l => l.Line.Amount);
        if (month > 0) v["monthamount"] = Amount(month, cur);
        var (start, end) = _periods[0];
        var days = sp.DaysIn(start, end).ToList();
        var current = sp.Versions.Count > 0 ? sp.Versions[^1] : null;

        switch (sp.Vertical)
        {
            case Vertical.IGamingAffiliate:
                var ftds = days.Sum(d => d.Ftds);
                if (ftds > 0) v["ftds"] = ftds.ToString(CultureInfo.InvariantCulture);
                if (lines.FirstOrDefault(l => l.K == 1 && l.Line.Basis == CommissionBasis.Cpa)?.Line.Quantity is { } q && q < ftds)
                {
                    v["qftds"] = q.ToString(CultureInfo.InvariantCulture);
                    v["diff"] = (ftds - q).ToString(CultureInfo.InvariantCulture);
                    v["mindep"] = Amount(20m, cur).Replace(".00", "", StringComparison.Ordinal);
                    v["mindeplow"] = Amount(10m, cur).Replace(".00", "", StringComparison.Ordinal);
                }
                var ngr = days.Sum(d => d.NetGamingRevenue);
                if (lines.FirstOrDefault(l => l.K == 1 && l.Line.Basis == CommissionBasis.RevShare)?.Line is { } rev && ngr > 0)
                {
                    v["ngr"] = Amount(ngr, cur);
                    v["revamount"] = Amount(rev.Amount, cur);
                }
                if (sp.Deal?.Type == DealType.Cpa && current?.CpaAmount is { } cpa && ftds >= 20)
                    v["hybridoffer"] = $"{Amount(Five((double)cpa * 0.6), cur)} CPA + 20 % RevShare";
                v["brandpage"] = Pick(["LuckyRiver Casino", "Goalline Sports"]);
                break;

            case Vertical.ForexIb:
                if (lines.FirstOrDefault(l => l.K == 1 && l.Line.ShareDirection is null)?.Line is { } own)
                {
                    v["lots"] = days.Sum(d => d.Lots).ToString("N0", CultureInfo.InvariantCulture);
                    v["breakdown"] = Breakdown(own);
                    var condition = own.LotItems.FirstOrDefault(i => i.SpreadCondition is not null)?.SpreadCondition;
                    v["spreadnote"] = condition is null
                        ? "All of your clients' volume qualified this month; nothing was excluded."
                        : $"Lots only qualify while the spread is within the condition on your deal (*{condition}*). Around the NFP release spreads widened, so part of the volume fell outside it.";
                }
                if (current?.SubIbSharePercent is { } share && sp.Subs.Count > 0 && current.LotRates.FirstOrDefault(r => r.InstrumentClass == InstrumentClass.FxMajors) is { } majors)
                {
                    var example = majors.RatePerLot * 10m;
                    v["share"] = share.ToString("0.#", CultureInfo.InvariantCulture);
                    v["majorrate"] = Amount(majors.RatePerLot, cur);
                    v["example"] = Amount(example, cur);
                    v["exampleshare"] = Amount(decimal.Round(example * share / 100m, 2), cur);
                }
                if (current?.LotRates.FirstOrDefault(r => r.InstrumentClass == InstrumentClass.Metals) is { } metals)
                    v["metalsrate"] = Amount(metals.RatePerLot, cur);
                break;

            default:
                var brand = Slug(sp.Site.Split('.')[0]).ToUpperInvariant();
                v["code"] = (brand.Length > 8 ? brand[..8] : brand) + "15";
                var challenges = days.Sum(d => d.ChallengesSold);
                if (challenges >= 5) v["challenges"] = challenges.ToString(CultureInfo.InvariantCulture);
                break;
        }
        return v;
    }

    private static string Breakdown(CommissionLine line)
    {
        var cur = line.Currency;
        var sb = new StringBuilder("| Instrument | Lots | Rate | Amount |\n|---|---:|---:|---:|\n");
        foreach (var item in line.LotItems)
        {
            var name = ClassName(item.InstrumentClass) + (item.SpreadCondition is { } c ? $" *({c})*" : "");
            sb.Append(Inv($"| {name} | {item.Lots:N2} | {Amount(item.RatePerLot, cur)} | {Amount(item.Amount, cur)} |\n"));
        }
        sb.Append(Inv($"| **Total** | **{line.LotItems.Sum(i => i.Lots):N2}** | | **{Amount(line.Amount, cur)}** |"));
        return sb.ToString();
    }

    private static string MethodName(PayoutMethod method) => method switch
    {
        PayoutMethod.BankWire => "bank",
        PayoutMethod.Crypto => "USDT wallet",
        _ => method.ToString(),
    };

    private static string BasisName(CommissionBasis basis) => basis switch
    {
        CommissionBasis.Cpa => "CPA",
        CommissionBasis.RevShare => "RevShare",
        _ => "lot rebate",
    };
}
