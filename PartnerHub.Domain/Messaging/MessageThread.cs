namespace PartnerHub.Domain.Messaging;

public enum ThreadKind
{
    /// <summary>The partner's one thread with the program team.</summary>
    Direct = 1,
    /// <summary>A conversation "about" a payout, commission line, deal version, creative or traffic flag.</summary>
    Record = 2,
    /// <summary>A master IB and one of its sub-IBs (<see cref="MessageThread.PartnerId"/> is the sub-IB).</summary>
    Downline = 3,
}

public enum LinkedRecordType { Payout = 1, CommissionLine = 2, DealVersion = 3, Creative = 4, TrafficQualityFlag = 5 }

/// <summary>
/// A conversation that lives on a partner's record. Any operator can read it; the partner reads
/// their own; a downline thread is also visible to its master IB (<see cref="CounterpartPartnerId"/>).
/// </summary>
public class MessageThread
{
    private MessageThread() { }

    private MessageThread(int partnerId, ThreadKind kind, string subject, DateTime createdAt, string? createdById)
    {
        PartnerId = partnerId;
        Kind = kind;
        Subject = Guard.Required(subject, nameof(Subject), 200);
        CreatedAt = createdAt;
        CreatedById = createdById;
    }

    public static MessageThread Direct(int partnerId, DateTime at) =>
        new(partnerId, ThreadKind.Direct, "Program team", at, null);

    public static MessageThread AboutRecord(int partnerId, LinkedRecordType recordType, string recordId, string subject, DateTime at, string? createdById,
        bool partnerRequest = false) =>
        new(partnerId, ThreadKind.Record, subject, at, createdById)
        {
            RecordType = Guard.Defined(recordType, nameof(RecordType)),
            RecordId = Guard.Required(recordId, nameof(RecordId), 40),
            PartnerRequest = partnerRequest,
        };

    public static MessageThread Downline(int subIbPartnerId, int masterPartnerId, DateTime at, string? createdById) =>
        new(subIbPartnerId, ThreadKind.Downline, "Master IB", at, createdById) { CounterpartPartnerId = masterPartnerId };

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    public ThreadKind Kind { get; private set; }
    public string Subject { get; private set; } = "";
    public LinkedRecordType? RecordType { get; private set; }
    public string? RecordId { get; private set; }
    /// <summary>Downline threads: the master IB on the other side.</summary>
    public int? CounterpartPartnerId { get; private set; }
    public string? AssignedToId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedById { get; private set; }
    public DateTime? LastMessageAt { get; private set; }
    /// <summary>Set while the partner's latest message has no operator reply; drives "unanswered for N hours".</summary>
    public DateTime? AwaitingReplySince { get; private set; }
    /// <summary>A record thread the partner started ("a question about my payout"), flagged in the console.</summary>
    public bool PartnerRequest { get; private set; }
    /// <summary>Set when an operator marked the thread done; it leaves the open inbox until the partner writes again.</summary>
    public DateTime? DoneAt { get; private set; }
    public string? DoneById { get; private set; }
    /// <summary>Hidden from the open inbox until this time (or until the partner writes).</summary>
    public DateTime? SnoozedUntil { get; private set; }
    public int Version { get; private set; }

    /// <summary>Open in the operators' inbox: not done and not snoozed at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTime now) => DoneAt is null && (SnoozedUntil is null || SnoozedUntil <= now);

    /// <summary>Closes the thread until the partner writes again; whatever was awaiting a reply is settled.</summary>
    public void MarkDone(string userId, DateTime at)
    {
        if (DoneAt is not null) throw new DomainException("The thread is already done.", nameof(DoneAt));
        DoneAt = at;
        DoneById = Guard.Required(userId, nameof(DoneById), 450);
        SnoozedUntil = null;
        AwaitingReplySince = null;
        Version++;
    }

    /// <summary>Hides the thread from the open inbox until <paramref name="until"/>, which must be in the future.</summary>
    public void Snooze(DateTime until, DateTime now)
    {
        if (until <= now) throw new DomainException("Snooze until a time in the future.", nameof(SnoozedUntil));
        if (until > now.AddDays(90)) throw new DomainException("Snooze for at most 90 days.", nameof(SnoozedUntil));
        SnoozedUntil = until;
        Version++;
    }

    /// <summary>Back to the open inbox: clears done and snooze.</summary>
    public void Reopen()
    {
        DoneAt = null;
        DoneById = null;
        SnoozedUntil = null;
        Version++;
    }

    public void AssignTo(string? userId)
    {
        AssignedToId = userId;
        Version++;
    }

    /// <summary>Keeps the thread's summary columns right as messages arrive.</summary>
    /// <remarks>
    /// A partner's message reopens a done or snoozed thread. On a thread marked done after an answer it does not restart the
    /// unanswered clock (a "thanks" is not a question); the operator who reads it decides whether it needs a reply.
    /// Downline threads never count as unanswered by the program team.
    /// </remarks>
    public void OnMessage(MessageAuthorKind author, DateTime at)
    {
        LastMessageAt = at;
        if (author == MessageAuthorKind.Partner)
        {
            var wasDone = DoneAt is not null;
            DoneAt = null;
            DoneById = null;
            SnoozedUntil = null;
            if (Kind != ThreadKind.Downline && !wasDone) AwaitingReplySince ??= at;
        }
        else if (author == MessageAuthorKind.Operator) AwaitingReplySince = null;
        Version++;
    }
}

public enum MessageAuthorKind { Operator = 1, Partner = 2, System = 3 }
