using PartnerHub.Domain.Messaging;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Messaging;

/// <summary>
/// The process-wide <see cref="IMessageSignal"/>: the messaging services tell it what changed after each commit, and it queues the
/// change for the circuits subscribed to one of the change's topics (the open thread, the partner's pages, the operators' inbox
/// and badges, the actor's own circuits). Components only subscribe.
/// </summary>
public sealed class MessageNotifier(ILogger<MessageNotifier> logger) : LiveHub<MessageChange>(logger), IMessageSignal
{
    public void Changed(MessageChange change) => Publish(change, change.Topics);
}
