using PartnerHub.Domain;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Domain;

public class NotificationPreferenceTests
{
    public static TheoryData<NotificationCategory> MutableCategories() =>
        new(Enum.GetValues<NotificationCategory>().Where(c => c != NotificationCategory.Compliance));

    [Theory]
    [InlineData(NotificationChannels.InApp)]
    [InlineData(NotificationChannels.Email)]
    [InlineData(NotificationChannels.InApp | NotificationChannels.Email)]
    public void Compliance_notifications_cannot_be_muted(NotificationChannels channel)
    {
        var ex = Assert.Throws<DomainException>(() => new NotificationPreference("user-1", NotificationCategory.Compliance, channel, muted: true));

        Assert.Equal("Category", ex.Field);
    }

    [Fact]
    public void Compliance_notifications_can_be_explicitly_left_on()
    {
        var preference = new NotificationPreference("user-1", NotificationCategory.Compliance, NotificationChannels.Email, muted: false);

        Assert.False(preference.Muted);
    }

    [Theory]
    [MemberData(nameof(MutableCategories))]
    public void Other_categories_can_be_muted(NotificationCategory category)
    {
        var preference = new NotificationPreference("user-1", category, NotificationChannels.Email, muted: true);

        Assert.True(preference.Muted);
        Assert.Equal(category, preference.Category);
    }
}
