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

    // ---- record threads ----

    private void PlanRecordThreads()
    {
        var demo = DemoPartner;
        var failed = _payouts.Where(p => p.Payout.Status == PayoutStatus.Failed).ToList();
        var rejected = _lines.Where(l => l.Line.Status == CommissionStatus.Rejected && l.K >= 2).ToList();
        var paid = _payouts.Where(p => p.Payout.Status == PayoutStatus.Paid && p.Partner.Demo == DemoRole.None).ToList();

        foreach (var f in failed.Where(f => f.Partner == demo).Concat(failed.Where(f => f.Partner.Demo == DemoRole.None).Take(3)))
            FailedPayoutThread(f.Partner, f.Payout);
        foreach (var r in rejected.Where(r => r.Partner == demo).Concat(rejected.Where(r => r.Partner.Demo == DemoRole.None).Take(3)))
            RejectedLineThread(r.Partner, r.Line);
        for (var n = 0; n < 2 && paid.Count > 0; n++)
        {
            var p = Pick(paid);
            paid.Remove(p);
            PaidPayoutThread(p.Partner, p.Payout);
        }
        DealVersionThread(demo, demo.Versions[^1]);
        var other = _partners.First(p => p.Demo == DemoRole.None && p.HasActivity && p.Versions.Count >= 3 && p.Master is null);
        DealVersionThread(other, other.Versions[^1]);

        var master = DemoMaster;
        var shareLine = _lines.First(l => l.Partner == master && l.K == 2 && l.Line.ShareDirection == ShareDirection.PassedDown && l.Line.SharePartnerId == DemoSub.Id);
        ShareLineThread(master, shareLine.Line);
        var processing = _payouts.First(p => p.Partner == master && p.Payout.Status == PayoutStatus.Processing);
        ProcessingPayoutThread(master, processing.Payout);
    }

    private void FailedPayoutThread(SeedPartner sp, Payout payout)
    {
        var amount = Amount(payout.Amount, payout.Currency);
        var t0 = Cap(payout.FailedAt!.Value.AddHours(1));
        var messages = new List<PlannedMessage>
        {
            Operator(sp, t0, $"Your payout of **{amount}** ({MethodName(payout.Method)}) failed: *{payout.FailureReason}*\n\nPlease check your details under *Profile → Payout details*; we'll re-issue it in the next run once they're confirmed.")
                with { Link = (LinkedRecordType.Payout, Id(payout.Id), Snapshot(new { amount = payout.Amount, currency = payout.Currency, status = "Failed", method = payout.Method.ToString() })) },
            Partner(sp, Later(t0, 0, 1), sp.IsCompany || sp.Entity.Company is not null
                ? "Sorry about that: the account is in my company's name, not mine. I've updated it."
                : "Sorry, I had changed banks. The new details are in my profile now."),
        };
        messages.Add(Operator(sp, Later(messages[^1].SentAt, 0, 1), $"Thanks, {sp.ContactFirstName}. The new details are confirmed and the amount is back in your approved balance, so it goes out with the next run."));
        AddRecordThread(sp, LinkedRecordType.Payout, payout.Id, $"Payout of {amount} failed", messages, sp.ManagerAt(t0));
    }

    private void RejectedLineThread(SeedPartner sp, CommissionLine line)
    {
        var period = Period(line);
        var t0 = Later(line.RejectedAt!.Value, 1, 3);
        var who = sp.Vertical == Vertical.ForexIb ? "clients" : "players";
        var messages = new List<PlannedMessage>
        {
            Partner(sp, t0, $"Why was my {period} {BasisName(line.Basis)} line rejected? These were genuine {who}.")
                with { Link = (LinkedRecordType.CommissionLine, Id(line.Id), Snapshot(new { amount = line.Amount, currency = line.Currency, status = "Rejected", basis = line.Basis.ToString(), period = line.PeriodStart.ToString("yyyy-MM", CultureInfo.InvariantCulture) })) },
        };
        messages.Add(Operator(sp, Later(t0, 0, 1), $"The line was rejected because: *{line.RejectionReason}*\n\nIf you can share the traffic sources (placement URLs and dates), compliance will look at it again. Approved corrections are paid in the next run."));
        messages.Add(Partner(sp, Later(messages[^1].SentAt, 0, 2), "I'll send the placement list tomorrow."));
        AddRecordThread(sp, LinkedRecordType.CommissionLine, line.Id, $"{period} {BasisName(line.Basis)} line rejected", messages, sp.UserId);
    }

    private void PaidPayoutThread(SeedPartner sp, Payout payout)
    {
        var t0 = Later(payout.PaidAt!.Value, 1, 3);
        var period = payout.Items.Count > 0 ? Period(payout.Lines.First()) : MonthName(DateOnly.FromDateTime(payout.RequestedAt.AddMonths(-1)));
        var messages = new List<PlannedMessage>
        {
            Partner(sp, t0, $"Received {payout.Reference}, thanks! Could you put the period in the bank reference next time? It makes reconciliation easier for my accountant.")
                with { Link = (LinkedRecordType.Payout, Id(payout.Id), Snapshot(new { amount = payout.Amount, currency = payout.Currency, status = "Paid", reference = payout.Reference })) },
        };
        messages.Add(Operator(sp, Later(t0, 0, 1), $"Good idea. I've asked finance to add the period (e.g. *{period}*) to the reference from the next run."));
        AddRecordThread(sp, LinkedRecordType.Payout, payout.Id, $"Payout {payout.Reference}", messages, sp.UserId);
    }

    private void ProcessingPayoutThread(SeedPartner sp, Payout payout)
    {
        var t0 = Cap(payout.ProcessingAt!.Value.AddDays(2));
        var note = payout.Method == PayoutMethod.Crypto
            ? "Crypto payouts are batched once a day after a second approval."
            : $"Wires to {sp.CountryName} take two to three business days.";
        var messages = new List<PlannedMessage>
        {
            Partner(sp, t0, "This payout has been *Processing* for a couple of days. Is anything missing on my side?")
                with { Link = (LinkedRecordType.Payout, Id(payout.Id), Snapshot(new { amount = payout.Amount, currency = payout.Currency, status = "Processing" })) },
        };
        messages.Add(Operator(sp, Cap(t0.AddHours(U(1, 5))),
            $"Nothing's missing. {note} Finance released it on {payout.ProcessingAt.Value.ToString("d MMMM", CultureInfo.InvariantCulture)}; you'll get the reference as soon as it's confirmed."));
        AddRecordThread(sp, LinkedRecordType.Payout, payout.Id, $"Payout of {Amount(payout.Amount, payout.Currency)} in processing", messages, sp.UserId);
    }

    private void ShareLineThread(SeedPartner sp, CommissionLine line)
    {
        var sub = _partners.Single(p => p.Id == line.SharePartnerId);
        var t0 = Later(line.ApprovedAt!.Value, 1, 4);
        var cur = line.Currency;
        var messages = new List<PlannedMessage>
        {
            Partner(sp, t0, "On this line the net is lower than the gross. Is that the sub-IB share?")
                with { Link = (LinkedRecordType.CommissionLine, Id(line.Id), Snapshot(new { amount = line.Amount, gross = line.GrossAmount, share = line.ShareAmount, currency = cur, status = line.Status.ToString() })) },
        };
        messages.Add(Operator(sp, Later(t0, 0, 1), Inv($"Exactly: the gross is **{Amount(line.GrossAmount!.Value, cur)}** at your rates; **{Amount(line.ShareAmount!.Value, cur)}** ({line.SharePercent:0.#} %) was passed down to {sub.Entity.Name} for their clients' trading, so your net is **{Amount(line.Amount, cur)}**.")));
        messages.Add(Partner(sp, Later(messages[^1].SentAt, 0, 1), "Got it, thanks."));
        CloseConversation(sp, messages);
        AddRecordThread(sp, LinkedRecordType.CommissionLine, line.Id, $"{Period(line)} rebate via {sub.Entity.Name}", messages, sp.UserId);
    }

    private void DealVersionThread(SeedPartner sp, DealVersion version)
    {
        var t0 = Cap(version.CreatedAt.AddHours(1));
        var effective = version.EffectiveFrom.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var terms = new StringBuilder();
        foreach (var part in Summary(version).Split(" + ")) terms.Append("- ").AppendLine(part);
        if (version.Notes is { } notes) terms.Append('\n').Append('*').Append(notes).Append('*');
        var messages = new List<PlannedMessage>
        {
            Operator(sp, t0, $"Here are your new terms, effective **{effective}**:\n\n{terms.ToString().TrimEnd()}\n\nThe previous version stays on record; nothing changes for earlier periods.")
                with { Link = (LinkedRecordType.DealVersion, Id(version.Id), Snapshot(new { number = version.Number, effectiveFrom = version.EffectiveFrom, summary = Summary(version) })) },
        };
        messages.Add(Partner(sp, Later(t0, 0, 2), $"Confirmed, thanks {ManagerName(sp.ManagerAt(t0)).Split(' ')[0]}."));
        CloseConversation(sp, messages);
        AddRecordThread(sp, LinkedRecordType.DealVersion, version.Id, $"Deal terms v{version.Number} from {effective}", messages, sp.ManagerAt(t0));
    }

    private void AddRecordThread(SeedPartner sp, LinkedRecordType type, long recordId, string subject, List<PlannedMessage> messages, string? createdById)
    {
        var thread = MessageThread.AboutRecord(sp.Id, type, Id(recordId), Truncate(subject, 200), messages[0].SentAt, createdById);
        thread.AssignTo(sp.ManagerId);
        _threads.Add(new PlannedThread(thread, sp, null, messages, false));
    }

    private PlannedMessage Operator(SeedPartner sp, DateTime at, string body) => new(MessageAuthorKind.Operator, sp.ManagerAt(at), null, body, at);
    private static PlannedMessage Partner(SeedPartner sp, DateTime at, string body) => new(MessageAuthorKind.Partner, sp.UserId, sp.Id, body, at);
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    private static string Snapshot(object value) => JsonSerializer.Serialize(value, Json);

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
