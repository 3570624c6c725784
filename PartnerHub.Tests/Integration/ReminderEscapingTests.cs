using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>Reminder and escalation notifications escape an announcement's title and a partner's name like every template.</summary>
public sealed class ReminderEscapingTests(SegmentTestData data) : IClassFixture<SegmentTestData>
{
    private const string HostileTitle = "Rules [x](javascript:alert(1)) <img src=x onerror=alert(1)> **now**";
    private const string HostileName = "Mallory [pay](https://evil.example) <img src=x onerror=alert(2)> `x` **big**";

    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    private static void AssertNoElementFromValues(string body)
    {
        var html = SafeMarkdown.ToHtml(body);
        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<code", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<strong>now", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<strong>big", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_and_escalations_escape_titles_and_partner_names()
    {
        var mallory = await new PartnerService(data.Factory, data.Clock).CreateAsync(data.Admin, new NewPartner
        {
            Name = HostileName, Email = "mallory@reminders.test", Vertical = Vertical.ForexIb, Country = "GB", ManagerId = data.ManagerTwo.Id,
        });
        var id = (await new AnnouncementService(data.Factory, data.Clock).SendAsync(data.Compliance, new AnnouncementDraft
        {
            Title = HostileTitle, Body = "Read and confirm.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = [mallory] },
            RequiresAcknowledgement = true, AcknowledgementDueAt = Now.AddHours(6),
        })).Id;
        var reminders = new ReminderService(data.Factory, TestNotifications.Writer());

        Assert.Equal(1, await reminders.SendRemindersAsync(Now.AddHours(25), TimeSpan.FromHours(24)));
        Assert.Equal(1, await reminders.EscalateOverdueAsync(Now.AddHours(25)));

        await using var db = data.CreateContext();
        var reminder = await db.Notifications.SingleAsync(n => n.Link == $"/portal/announcements/{id}");
        AssertNoElementFromValues(reminder.Body);
        Assert.Contains("Rules [x](javascript:alert(1))", SafeMarkdown.ToPlainText(reminder.Body), StringComparison.Ordinal);
        var escalation = await db.Notifications.SingleAsync(n => n.Link == $"/console/compliance/{id}");
        AssertNoElementFromValues(escalation.Body);
        Assert.Contains("Mallory [pay](https://evil.example)", SafeMarkdown.ToPlainText(escalation.Body), StringComparison.Ordinal);
        Assert.Contains("<li>", SafeMarkdown.ToHtml(escalation.Body), StringComparison.Ordinal); // the list of names is the template's own
    }
}
