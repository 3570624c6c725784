using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Notifications;

/// <summary>
/// The rules every program starts with, created at startup when missing. "New message" tells whoever a message concerns, in the
/// bell at once and by email when it is still unread after <see cref="NotificationOptions.MessageEmailDelay"/>. Admins may edit or
/// disable it like any rule; it is created again only when no rule for messages exists at all.
/// </summary>
public static class DefaultRules
{
    public const string NewMessageName = "New message";

    public static async Task<bool> EnsureAsync(AppDbContext db, DateTime now, CancellationToken ct = default)
    {
        if (await db.TriggerRules.AnyAsync(r => r.EventType == EventTypes.MessageSent, ct)) return false;
        db.TriggerRules.Add(NewMessage(now));
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static TriggerRule NewMessage(DateTime now) =>
        new(NewMessageName, EventTypes.MessageSent, NotificationCategory.Messages,
            "New message from {{message.author}}",
            "**{{message.author}}** wrote in *{{thread.subject}}*:\n\n{{message.preview}}", now)
        {
            Recipients = new RuleRecipients { Partner = false, Conversation = true },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
        };
}
