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

/// <summary>The demo's conversations about records: payouts, commission lines and deal versions, each with its snapshot.</summary>
internal sealed partial class DemoDataset
{
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
}
