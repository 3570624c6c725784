using PartnerHub.Domain.Messaging;

namespace PartnerHub.Web.Demo;

/// <summary>The team's shared saved replies, so a new operator finds some in the composer, and one personal reply of the manager.</summary>
internal sealed partial class DemoDataset
{
    private void CreateSavedReplies()
    {
        var at = Day(30, 10);
        _db.SavedReplies.AddRange(
            new SavedReply(null, "Payout on its way",
                "Hi {{partner.first_name}}, your payout of **{{payout.amount}}** is {{payout.status}}. The payment reference is {{payout.reference}}; " +
                "bank transfers usually arrive within 2 working days.", _users.AdminId, at),
            new SavedReply(null, "Commission line explained",
                "Hi {{partner.first_name}}, the line for {{line.period}} comes to {{line.amount}}. The breakdown on the line shows how it was " +
                "calculated; tell me if anything looks off.", _users.AdminId, at),
            new SavedReply(null, "New deal terms",
                "Hi {{partner.first_name}}, version {{deal.version}} of your deal applies from {{deal.effective_from}}. " +
                "You can compare it with the previous version under Deal terms.", _users.AdminId, at),
            new SavedReply(null, "Thanks, looking into it",
                "Thanks {{partner.first_name}}, I am looking into it and will come back to you today.\n\n{{manager.name}}", _users.AdminId, at),
            new SavedReply(_users.ManagerId, "Call me",
                "Hi {{partner.first_name}}, easier to talk this through: when suits you for a 15-minute call?", _users.ManagerId, at));
    }
}
