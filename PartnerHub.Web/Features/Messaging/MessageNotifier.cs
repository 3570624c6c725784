using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Messaging;

public enum MessageEventKind { Sent = 1, Edited = 2, Retracted = 3, Read = 4 }

/// <summary>Something happened on a thread; <see cref="ActorUserId"/> is who did it (so a circuit can ignore its own events).</summary>
public sealed record MessageEvent(long ThreadId, int PartnerId, int? CounterpartPartnerId, long MessageId, MessageEventKind Kind)
{
    public string? ActorUserId { get; init; }
}

/// <summary>The process-wide channel that pushes message events into open circuits (threads, inboxes, badges).</summary>
public sealed class MessageNotifier(ILogger<MessageNotifier> logger) : CircuitNotifier<MessageEvent>(logger);
