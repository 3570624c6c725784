using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Messaging;

/// <summary>The payload of a <see cref="EventTypes.MessageSent"/> event: the thread, who wrote, and who should hear of it.</summary>
/// <param name="ToPartnerIds">Partners to notify (every login of each).</param>
/// <param name="ToUserIds">Operators to notify: the thread's assignee, else the partner's account manager.</param>
/// <param name="Team">Nobody is assigned and the partner has no manager: every manager hears of it.</param>
public sealed record MessageSentPayload(long ThreadId, long MessageId, string Subject, string Author, string Preview, bool ByOperator,
    IReadOnlyList<int> ToPartnerIds, IReadOnlyList<string> ToUserIds, bool Team)
{
    public const int PreviewLength = 280;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// Appends the outbox event of a sent message, in the sender's transaction, so partners and operators who are not looking hear of
/// it through the notification engine (bell and, after a delay, one email per thread).
/// </summary>
public static class MessageEvents
{
    /// <summary>Adds (does not save) the event for <paramref name="message"/>, which must already have its id.</summary>
    public static async Task AppendAsync(AppDbContext db, MessageThread thread, Message message, Actor actor, DateTime now, CancellationToken ct)
    {
        var byOperator = message.AuthorKind == MessageAuthorKind.Operator;
        List<int> partners = [];
        List<string> users = [];
        var team = false;
        if (thread.Kind == ThreadKind.Downline)
            partners.Add(message.AuthorPartnerId == thread.CounterpartPartnerId ? thread.PartnerId : thread.CounterpartPartnerId!.Value);
        else if (byOperator)
            partners.Add(thread.PartnerId);
        else if (thread.AssignedToId is { } assignee)
            users.Add(assignee);
        else if (await db.Partners.Where(p => p.Id == thread.PartnerId).Select(p => p.ManagerId).SingleOrDefaultAsync(ct) is { } manager)
            users.Add(manager);
        else
            team = true;

        var preview = SafeMarkdown.ToPlainText(message.Body).Trim();
        if (preview.Length > MessageSentPayload.PreviewLength) preview = preview[..(MessageSentPayload.PreviewLength - 1)] + "…";
        var payload = new MessageSentPayload(thread.Id, message.Id, thread.Subject, actor.Name, preview, byOperator, partners, users, team);
        db.DomainEvents.Add(new DomainEvent(EventTypes.MessageSent, thread.PartnerId, nameof(Message), message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(payload, MessageSentPayload.Json), now, actor.UserId));
    }
}
