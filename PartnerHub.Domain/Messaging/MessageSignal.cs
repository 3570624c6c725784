namespace PartnerHub.Domain.Messaging;

public enum MessageChangeKind { Sent = 1, Edited = 2, Retracted = 3, Read = 4, Assigned = 5, Triaged = 6 }


/// <summary>
/// Something changed on a thread, told after its transaction committed. <see cref="ActorUserId"/> did it (a circuit ignores its
/// own reads); <see cref="ByOperator"/> says which side. <see cref="Topics"/> is its audience: the open thread, the partner (and,
/// on a downline thread, the master IB), the operators' inboxes and badges for what a partner did, and the actor's own circuits.
/// </summary>
/// <param name="AssignedToId">The thread's assignee when the change happened: what a partner does on an assigned thread is told to
/// that operator's circuits only, not to every operator online.</param>
public sealed record MessageChange(long ThreadId, int PartnerId, int? CounterpartPartnerId, long MessageId, MessageChangeKind Kind,
    string ActorUserId, bool ByOperator, string? AssignedToId = null)
{
    public static string ThreadTopic(long threadId) => $"thread:{threadId}";
    public static string PartnerTopic(int partnerId) => $"partner:{partnerId}";
    public static string UserTopic(string userId) => $"user:{userId}";
    /// <summary>Operator circuits that count or list every thread: what a partner sends, edits or retracts, assignments and triage.</summary>
    public const string OperatorsTopic = "operators";

    public IReadOnlyList<string> Topics
    {
        get
        {
            var topics = new List<string>(5) { ThreadTopic(ThreadId), PartnerTopic(PartnerId), UserTopic(ActorUserId) };
            if (CounterpartPartnerId is { } master) topics.Add(PartnerTopic(master));
            if (Kind is MessageChangeKind.Assigned or MessageChangeKind.Triaged) topics.Add(OperatorsTopic);
            else if (!ByOperator && Kind != MessageChangeKind.Read) topics.Add(AssignedToId is { } assignee ? UserTopic(assignee) : OperatorsTopic);
            return topics;
        }
    }
}

/// <summary>
/// Told by the messaging services after a change commits; the Web implementation delivers it to the circuits of its
/// <see cref="MessageChange.Topics"/> without waiting for them. The same call whether the change came from a page, a job, the API
/// or an email reply.
/// </summary>
public interface IMessageSignal
{
    void Changed(MessageChange change);
}
