using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Messaging.Inbox;

public enum InboxAssignee { Anyone = 0, Me = 1, Nobody = 2 }

/// <summary>
/// What the inbox shows: its state, filters, sort and search, read from and written to the address
/// (<c>?state=done&amp;unanswered=true&amp;assigned=me&amp;q=acme</c>). Defaults are left out of the address.
/// </summary>
public sealed record InboxView
{
    public InboxState State { get; init; }
    public bool Unanswered { get; init; }
    public bool Unread { get; init; }
    public InboxAssignee Assignee { get; init; }
    public bool RecordLinked { get; init; }
    public Vertical? Vertical { get; init; }
    public InboxSort Sort { get; init; }
    public string? Search { get; init; }

    public static InboxView FromUrl(string? state, bool? unanswered, bool? unread, string? assigned, bool? record, string? vertical,
        string? sort, string? search) => new()
    {
        State = UrlQuery.Enum<InboxState>(state),
        Unanswered = unanswered ?? false,
        Unread = unread ?? false,
        Assignee = UrlQuery.Enum<InboxAssignee>(assigned),
        RecordLinked = record ?? false,
        Vertical = UrlQuery.Optional<Vertical>(vertical),
        Sort = UrlQuery.Enum<InboxSort>(sort),
        Search = UrlQuery.Text(search),
    };

    public IReadOnlyDictionary<string, object?> ToUrl() => new Dictionary<string, object?>
    {
        ["state"] = UrlQuery.Write(State),
        ["unanswered"] = UrlQuery.Flag(Unanswered),
        ["unread"] = UrlQuery.Flag(Unread),
        ["assigned"] = UrlQuery.Write(Assignee),
        ["record"] = UrlQuery.Flag(RecordLinked),
        ["vertical"] = UrlQuery.WriteOptional(Vertical),
        ["sort"] = UrlQuery.Write(Sort),
        ["q"] = UrlQuery.Text(Search),
    };

    public InboxQuery ToQuery(int page, int pageSize) => new()
    {
        State = State,
        Unanswered = Unanswered,
        UnreadOnly = Unread,
        AssignedToMe = Assignee == InboxAssignee.Me,
        Unassigned = Assignee == InboxAssignee.Nobody,
        RecordLinkedOnly = RecordLinked,
        Vertical = Vertical,
        Search = Search,
        Sort = Sort,
        Page = page,
        PageSize = pageSize,
    };
}
