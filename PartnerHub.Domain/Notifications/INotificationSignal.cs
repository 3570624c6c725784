namespace PartnerHub.Domain.Notifications;

/// <summary>
/// Told after notifications are committed, so open circuits can refresh their bell without reload.
/// Keys are <see cref="Notification.RecipientKey"/> values ("p:{partnerId}" or "u:{userId}").
/// The web app registers a singleton notifier; Domain code and tests may use <see cref="None"/>.
/// </summary>
public interface INotificationSignal
{
    void NotificationsDelivered(IReadOnlyCollection<string> recipientKeys);

    public static readonly INotificationSignal None = new NoSignal();

    private sealed class NoSignal : INotificationSignal
    {
        public void NotificationsDelivered(IReadOnlyCollection<string> recipientKeys) { }
    }
}
