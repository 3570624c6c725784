using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;
using PartnerHub.Tests.Domain;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// A program for the operator agenda. "Me" manages Alpha, Bravo and Alpha's sub-IB Delta; another manager has Charlie.
/// For me: 2 unanswered threads (Alpha's unassigned direct thread, Bravo's record thread assigned to me), 1 overdue
/// acknowledgement (Alpha), 1 payout requested (Alpha), 1 flag today (Alpha). Not mine or not counted: Delta's downline
/// thread awaiting its master, Bravo's done thread, Charlie's thread, Bravo's acknowledgement (given), Bravo's payout
/// (processing), Bravo's flag (yesterday), everything of Charlie's. The whole program has 2 acknowledgements overdue,
/// 2 payouts waiting and 2 flags today.
/// </summary>
public class AgendaTestData : SqliteDatabase
{
    public ApplicationUser Me { get; private set; } = null!;
    public ApplicationUser Other { get; private set; } = null!;
    public ApplicationUser ComplianceUser { get; private set; } = null!;
    public Partner Alpha { get; private set; } = null!;
    public Partner Bravo { get; private set; } = null!;
    public Partner Charlie { get; private set; } = null!;
    public Partner Delta { get; private set; } = null!;
    public long AlphaThreadId { get; private set; }
    public long BravoThreadId { get; private set; }
    public int AnnouncementId { get; private set; }

    public Actor MeActor => ActorFor(Me, Roles.Manager);
    public Actor OtherActor => ActorFor(Other, Roles.Manager);
    public Actor ComplianceActor => ActorFor(ComplianceUser, Roles.Compliance);

    /// <summary>The start of the fixture's day (UTC).</summary>
    public DateTime DayStart => Start.UtcDateTime.Date;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Me = await AddUserAsync(Roles.Manager, "Maya Me");
        Other = await AddUserAsync(Roles.Manager, "Otto Other");
        ComplianceUser = await AddUserAsync(Roles.Compliance, "Cora Compliance");
        var now = Start.UtcDateTime;

        await using var db = CreateContext();
        Alpha = Named(Fakes.Partner(8101), "Alpha Markets");
        Bravo = Named(Fakes.Partner(8102), "Bravo Media");
        Charlie = Named(Fakes.Partner(8103), "Charlie Traffic");
        Delta = Named(Fakes.Partner(8104), "Delta Sub");
        db.Partners.AddRange(Alpha, Bravo, Charlie, Delta);
        await db.SaveChangesAsync();
        foreach (var p in new[] { Alpha, Bravo, Delta }) p.AssignManager(Me.Id, null, now.AddDays(-30));
        Charlie.AssignManager(Other.Id, null, now.AddDays(-30));

        var alphaThread = Awaiting(MessageThread.Direct(Alpha.Id, now.AddDays(-3)), now.AddHours(-50));
        var bravoThread = Awaiting(MessageThread.AboutRecord(Bravo.Id, LinkedRecordType.Payout, "1", "About payout 1", now.AddDays(-2), null, true), now.AddHours(-5));
        bravoThread.AssignTo(Me.Id);
        var bravoDone = Awaiting(MessageThread.Direct(Bravo.Id, now.AddDays(-4)), now.AddHours(-30));
        bravoDone.MarkDone(Me.Id, now.AddHours(-1));
        var charlieThread = Awaiting(MessageThread.Direct(Charlie.Id, now.AddDays(-2)), now.AddHours(-10));
        var downline = Awaiting(MessageThread.Downline(Delta.Id, Alpha.Id, now.AddDays(-2), null), now.AddHours(-8));
        db.MessageThreads.AddRange(alphaThread, bravoThread, bravoDone, charlieThread, downline);

        var announcement = new Announcement("Updated terms", "Please read.", AnnouncementCategory.Compliance,
            new AnnouncementAudience { AllActivePartners = true }, Me.Id, now.AddDays(-10));
        announcement.RequireAcknowledgement(now.AddDays(-1), false, now.AddDays(-10));
        announcement.BeginSending(now.AddDays(-9));
        announcement.CompleteSending(3, now.AddDays(-9));
        db.Announcements.Add(announcement);

        db.Payouts.AddRange(
            new Payout(Alpha.Id, 12_345.67m, "USD", PayoutMethod.BankWire, now.AddHours(-6)),
            Processing(new Payout(Bravo.Id, 500m, "EUR", PayoutMethod.Crypto, now.AddDays(-2)), now.AddDays(-1)),
            new Payout(Charlie.Id, 900m, "USD", PayoutMethod.Skrill, now.AddHours(-3)));
        db.TrafficQualityFlags.AddRange(
            new TrafficQualityFlag(Alpha.Id, FlagSeverity.Critical, "Click spike from one network", null, now.AddHours(-2), null),
            new TrafficQualityFlag(Bravo.Id, FlagSeverity.Warning, "Yesterday's flag", null, DayStart.AddHours(-3), null),
            new TrafficQualityFlag(Charlie.Id, FlagSeverity.Info, "Charlie's flag", null, now.AddHours(-1), null));
        await db.SaveChangesAsync();
        AlphaThreadId = alphaThread.Id;
        BravoThreadId = bravoThread.Id;
        AnnouncementId = announcement.Id;

        db.AnnouncementRecipients.AddRange(
            new AnnouncementRecipient(announcement.Id, Alpha.Id, now.AddDays(-9)),
            new AnnouncementRecipient(announcement.Id, Bravo.Id, now.AddDays(-9)) { AcknowledgedAt = now.AddDays(-8), AcknowledgedVersion = 1 },
            new AnnouncementRecipient(announcement.Id, Charlie.Id, now.AddDays(-9)));
        await db.SaveChangesAsync();
    }

    private static Partner Named(Partner partner, string name)
    {
        partner.UpdateProfile(name, partner.Company, partner.Email, partner.Country, partner.TimeZone, partner.Language);
        return partner;
    }

    private static MessageThread Awaiting(MessageThread thread, DateTime partnerWroteAt)
    {
        thread.OnMessage(MessageAuthorKind.Partner, partnerWroteAt);
        return thread;
    }

    private static Payout Processing(Payout payout, DateTime at)
    {
        payout.StartProcessing(at);
        return payout;
    }
}
