using PartnerHub.Domain.Messaging;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Messaging;

/// <summary>
/// The process-wide <see cref="IMessageSignal"/>: the messaging services tell it what changed after each commit, and it queues the
/// change for the circuits subscribed to one of the change's topics (the open thread, the partner's pages, the operators' inbox
/// and badges, the actor's own circuits). Components only subscribe. With several nodes, the <see cref="ILiveBackplane"/> carries
/// each change to the other nodes' circuits too.
/// </summary>
public sealed class MessageNotifier : LiveHub<MessageChange>, IMessageSignal
{
    private readonly ILiveChannel<MessageChange> _otherNodes;

    public MessageNotifier(ILogger<MessageNotifier> logger, ILiveBackplane? backplane = null) : base(logger) =>
        _otherNodes = (backplane ?? SingleNodeBackplane.Instance).Join<MessageChange>("messages", Deliver);

    public void Changed(MessageChange change)
    {
        Deliver(change);
        _otherNodes.Send(change);
    }

    private void Deliver(MessageChange change) => Publish(change, change.Topics);
}
