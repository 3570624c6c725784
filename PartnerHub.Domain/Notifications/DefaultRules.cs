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
        var existing = await db.TriggerRules.Select(r => r.EventType).Distinct().ToListAsync(ct);
        var missing = new[] { NewMessage(now) }.Concat(TermsRules(now)).Where(r => !existing.Contains(r.EventType)).ToList();
        if (missing.Count == 0) return false;
        db.TriggerRules.AddRange(missing);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Deal terms: the partner hears of a proposal (bell and email) and of its deadline approaching; the partner's manager
    /// hears of the answer (declines by email too). Each is created when no rule for its event exists.
    /// </summary>
    public static IReadOnlyList<TriggerRule> TermsRules(DateTime now) =>
    [
        new("Deal terms proposed", EventTypes.DealTermsProposed, NotificationCategory.Deals,
            "New deal terms for {{terms.deal}}",
            "Hi {{partner.name}},\n\nNew terms for **{{terms.deal}}** take effect on **{{terms.effective}}**:\n\n> {{terms.summary}}\n\n{{terms.new}}\n\nRead them and answer under *Terms* by {{terms.deadline}}.", now)
        {
            Recipients = new RuleRecipients { Partner = true },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
        },
        new("Deal terms reminder", EventTypes.DealTermsReminder, NotificationCategory.Deals,
            "Your answer on {{terms.deal}} is due by {{terms.deadline}}",
            "Hi {{partner.name}},\n\nThe proposed terms for **{{terms.deal}}** still await your answer (deadline **{{terms.deadline}}**):\n\n> {{terms.summary}}", now)
        {
            Recipients = new RuleRecipients { Partner = true },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
        },
        new("Deal terms accepted", EventTypes.DealTermsAccepted, NotificationCategory.Deals,
            "{{partner.name}} {{terms.answer}} the terms for {{terms.deal}}",
            "**{{partner.name}}** {{terms.answer}} the new terms for **{{terms.deal}}** (effective {{terms.effective}}):\n\n> {{terms.summary}}", now)
        {
            Recipients = new RuleRecipients { Partner = false, Manager = true },
            Channels = NotificationChannels.InApp,
        },
        new("Deal terms declined", EventTypes.DealTermsDeclined, NotificationCategory.Deals,
            "{{partner.name}} declined the terms for {{terms.deal}}",
            "**{{partner.name}}** declined the proposed terms for **{{terms.deal}}**.\n\nReason: {{terms.reason}}", now)
        {
            Recipients = new RuleRecipients { Partner = false, Manager = true },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
        },
    ];

    public static TriggerRule NewMessage(DateTime now) =>
        new(NewMessageName, EventTypes.MessageSent, NotificationCategory.Messages,
            "New message from {{message.author}}",
            "**{{message.author}}** wrote in *{{thread.subject}}*:\n\n{{message.preview}}", now)
        {
            Recipients = new RuleRecipients { Partner = false, Conversation = true },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
        };
}
