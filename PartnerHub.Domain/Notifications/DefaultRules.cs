using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Notifications;

/// <summary>
/// The rules every program starts with, created at startup when missing. "New message" tells whoever a message concerns, in the
/// bell at once and by email when it is still unread after <see cref="NotificationOptions.MessageEmailDelay"/>. "New announcement"
/// and "Acknowledgement requested" tell every partner of an announcement's ledger, in the bell and by email (an announcement that
/// asks for acknowledgement is told once, by the second rule, with its due date). Admins may edit or disable them like any rule;
/// each is created again only when no rule for its event type exists at all.
/// </summary>
public static class DefaultRules
{
    public const string NewMessageName = "New message";
    public const string NewAnnouncementName = "New announcement";
    public const string AcknowledgementRequestedName = "Acknowledgement requested";

    /// <summary>Adds each default rule whose event type has no rule; returns the names added.</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(AppDbContext db, DateTime now, CancellationToken ct = default)
    {
        var all = All(now);
        var types = all.Select(r => r.EventType).ToList();
        var present = await db.TriggerRules.Where(r => types.Contains(r.EventType)).Select(r => r.EventType).Distinct().ToListAsync(ct);
        var added = all.Where(r => !present.Contains(r.EventType)).ToList();
        if (added.Count == 0) return [];
        db.TriggerRules.AddRange(added);
        await db.SaveChangesAsync(ct);
        return added.Select(r => r.Name).ToList();
    }

    public static IReadOnlyList<TriggerRule> All(DateTime now) =>
        [NewMessage(now), NewAnnouncement(now), AcknowledgementRequested(now), .. TermsRules(now)];

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

    public static TriggerRule NewAnnouncement(DateTime now) =>
        new(NewAnnouncementName, EventTypes.AnnouncementSent, NotificationCategory.Announcements,
            "New announcement: {{announcement.title}}",
            "**{{announcement.title}}** ({{announcement.category}}) is in your announcements.", now)
        {
            Recipients = new RuleRecipients { Partner = false, Audience = true },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
        };

    public static TriggerRule AcknowledgementRequested(DateTime now) =>
        new(AcknowledgementRequestedName, EventTypes.AcknowledgementRequested, NotificationCategory.Announcements,
            "Please acknowledge: {{announcement.title}}",
            "**{{announcement.title}}** ({{announcement.category}}) needs your acknowledgement by **{{announcement.due}}**.", now)
        {
            Recipients = new RuleRecipients { Partner = false, Audience = true },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
        };
}
