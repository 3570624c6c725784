namespace PartnerHub.Domain.Announcements;

public enum AnnouncementChangeKind { SendStarted = 2, Sent = 3, Revised = 4, Read = 5, Acknowledged = 6, SendFailed = 7 }

/// <summary>
/// Something happened to an announcement, told after its transaction committed. <see cref="PartnerId"/> is set for a partner's own
/// read or acknowledgement. A send or a revision concerns its ledger (the partners it was sent to); everything concerns the console.
/// </summary>
public sealed record AnnouncementChange(int AnnouncementId, AnnouncementChangeKind Kind, int? PartnerId = null)
{
    public const string ConsoleTopic = "announcements";
    public static string PartnerTopic(int partnerId) => $"partner:{partnerId}";

    /// <summary>Whether the change concerns every partner on the announcement's ledger (resolved for those online).</summary>
    public bool ConcernsLedger => Kind is AnnouncementChangeKind.Sent or AnnouncementChangeKind.Revised;

    public IReadOnlyList<string> Topics => PartnerId is { } p ? [ConsoleTopic, PartnerTopic(p)] : [ConsoleTopic];
}

/// <summary>Told by the announcement services after a change commits; the Web implementation delivers it to the open circuits concerned.</summary>
public interface IAnnouncementSignal
{
    void Changed(AnnouncementChange change);
}
