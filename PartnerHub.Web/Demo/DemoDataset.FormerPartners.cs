using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    /// <summary>Former partners: relationships that ended years ago, for the retention page's dry run (one is under a legal hold).</summary>
    private static readonly (string Name, string Company, string Email, Vertical Vertical, string Country, int EndedDaysAgo, bool Held)[] FormerPartners =
    [
        ("Oskar Lindqvist", "Nordic Odds Media", "oskar@nordicodds.example", Vertical.IGamingAffiliate, "SE", 2_400, false),
        ("Chiara Benedetti", "Pips & Pivots", "chiara@pipspivots.example", Vertical.ForexIb, "IT", 2_250, false),
        ("Rafael Duarte", "Duarte Capital Leads", "rafael@duartecapital.example", Vertical.ForexIb, "PT", 2_150, true),
    ];

    /// <summary>
    /// Adds the former partners with the records retention applies to: a conversation, an acknowledged announcement and
    /// notifications, all from before the relationship ended. Written after every other phase and without the seeded random
    /// stream, so the rest of the demo is the same rows as before.
    /// </summary>
    private static string ComplianceName => DemoAccounts.All.Single(a => a.Email == DemoAccounts.Compliance).DisplayName;

    private async Task CreateFormerPartnersAsync(CancellationToken ct)
    {
        var former = new List<(Partner Partner, DateTime EndedAt, bool Held)>();
        foreach (var f in FormerPartners)
        {
            var endedAt = Day(f.EndedDaysAgo, 11);
            var partner = new Partner(f.Name, f.Email, f.Vertical, f.Country, endedAt.AddDays(-900));
            partner.UpdateProfile(f.Name, f.Company, f.Email, f.Country, Countries[f.Country].TimeZone, Countries[f.Country].Language);
            partner.AssignManager(_users.ManagerId, _users.AdminId, endedAt.AddDays(-900));
            partner.ChangeStatus(PartnerStatus.Active, endedAt.AddDays(-890));
            partner.ChangeStatus(PartnerStatus.Terminated, endedAt);
            _db.Partners.Add(partner);
            former.Add((partner, endedAt, f.Held));
        }
        await SaveAsync(ct);

        var first = former.Min(f => f.EndedAt).AddDays(-200);
        var notice = new Announcement("Updated marketing code of conduct", "Please read and acknowledge the updated marketing code of conduct.",
            AnnouncementCategory.Compliance, new AnnouncementAudience { PartnerIds = [.. former.Select(f => f.Partner.Id)] }, _users.ComplianceId, first);
        notice.RequireAcknowledgement(first.AddDays(14), blocksPortal: false, first);
        notice.BeginSending(first.AddHours(1));
        notice.CompleteSending(former.Count, first.AddHours(1.1));
        _db.Announcements.Add(notice);
        foreach (var (partner, endedAt, held) in former)
        {
            _db.PartnerHierarchy.Add(new PartnerHierarchy(partner, partner, 0));
            var thread = MessageThread.Direct(partner.Id, endedAt.AddDays(-120));
            _db.MessageThreads.Add(thread);
            if (held)
                _db.LegalHolds.Add(new LegalHold(partner.Id, "Client complaint CMP-2019-044 referred to the ombudsman",
                    _users.ComplianceId, ComplianceName, Day(30, 10)));
        }
        await SaveAsync(ct);

        foreach (var (partner, endedAt, _) in former)
        {
            var thread = _db.MessageThreads.Local.Single(t => t.PartnerId == partner.Id);
            _db.Messages.AddRange(
                new Message(thread.Id, MessageAuthorKind.Partner, null, partner.Id, "Could you confirm the final commission statement before we close the account?", endedAt.AddDays(-120)),
                new Message(thread.Id, MessageAuthorKind.Operator, _users.ManagerId, null, "Confirmed: the final statement is in your portal, and the last payout goes out this week.", endedAt.AddDays(-119)));
            var at = first.AddDays(1);
            _db.AnnouncementRecipients.Add(new AnnouncementRecipient(notice.Id, partner.Id, first.AddHours(1))
            {
                ReadAt = at, AcknowledgedAt = at.AddMinutes(5), AcknowledgedVersion = notice.AcknowledgementVersion,
            });
            _db.Notifications.Add(new Notification(Notification.PartnerKey(partner.Id), partner.Id, null, NotificationCategory.Messages,
                "New message from your manager", "Confirmed: the final statement is in your portal.", null, endedAt.AddDays(-119), endedAt.AddDays(-119))
            { AboutPartnerId = partner.Id, ReadAt = endedAt.AddDays(-118) });
            _db.Notifications.Add(new Notification(Notification.UserKey(_users.ManagerId), null, _users.ManagerId, NotificationCategory.Messages,
                $"{partner.Name} wrote", "Could you confirm the final commission statement?", null, endedAt.AddDays(-120), endedAt.AddDays(-120))
            { AboutPartnerId = partner.Id, ReadAt = endedAt.AddDays(-120) });
        }
        await SaveAsync(ct);

        foreach (var (partner, _, _) in former)
            _db.AnnouncementAcknowledgements.Add(new AnnouncementAcknowledgement(notice.Id, partner.Id, notice.AcknowledgementVersion,
                $"seed:partner:{partner.Id}", "203.0.113.77", first.AddDays(1).AddMinutes(5)));
        await SaveAsync(ct, clear: true);
    }
}
