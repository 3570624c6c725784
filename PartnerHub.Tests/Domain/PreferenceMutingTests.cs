using PartnerHub.Domain;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Domain;

/// <summary>Changing a saved preference follows the same rule as creating one.</summary>
public class PreferenceMutingTests
{
    [Fact]
    public void A_saved_compliance_preference_cannot_be_switched_to_muted()
    {
        var preference = new NotificationPreference("user-1", NotificationCategory.Compliance, NotificationChannels.InApp, muted: false);

        var ex = Assert.Throws<DomainException>(() => preference.SetMuted(true));

        Assert.Equal("Category", ex.Field);
        Assert.False(preference.Muted);
    }

    [Fact]
    public void Another_category_can_be_muted_and_unmuted()
    {
        var preference = new NotificationPreference("user-1", NotificationCategory.Deals, NotificationChannels.Email, muted: false);

        preference.SetMuted(true);
        Assert.True(preference.Muted);
        preference.SetMuted(false);
        Assert.False(preference.Muted);
    }
}
