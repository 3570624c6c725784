using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Messaging;

/// <summary>The latest message of a thread as the inbox shows it: one line of plain text and who wrote it.</summary>
public sealed record InboxPreview(string Text, string Author);

/// <summary>
/// Previews for one page of inbox rows: one set-based query for the newest message (retracted ones left out) of each thread,
/// with its author's name. A partner's message is signed by the partner user's display name, else the partner's name; an
/// operator's by the operator's name, else "Program team"; a system message by "PartnerHub". Never "Unknown".
/// </summary>
public static class InboxPreviews
{
    public const int MaxLength = 140;

    public static async Task<IReadOnlyDictionary<long, InboxPreview>> LoadAsync(AppDbContext db, IReadOnlyCollection<long> threadIds,
        CancellationToken ct)
    {
        if (threadIds.Count == 0) return new Dictionary<long, InboxPreview>();
        var latest = await (
                from m in db.Messages.AsNoTracking()
                where threadIds.Contains(m.ThreadId) && m.RetractedAt == null
                    && m.Id == db.Messages.Where(x => x.ThreadId == m.ThreadId && x.RetractedAt == null).Max(x => x.Id)
                join u in db.Users on m.AuthorUserId equals u.Id into users
                from u in users.DefaultIfEmpty()
                join p in db.Partners on m.AuthorPartnerId equals (int?)p.Id into partners
                from p in partners.DefaultIfEmpty()
                select new { m.ThreadId, m.Body, m.AuthorKind, UserName = u != null ? u.DisplayName : null, PartnerName = p != null ? p.Name : null })
            .ToListAsync(ct);
        return latest.ToDictionary(m => m.ThreadId, m => new InboxPreview(
            SafeMarkdown.ToPlainText(m.Body, MaxLength),
            Author(m.AuthorKind, m.UserName, m.PartnerName)));
    }

    /// <summary>The name the inbox signs a message with.</summary>
    public static string Author(MessageAuthorKind kind, string? userName, string? partnerName) => kind switch
    {
        MessageAuthorKind.System => "PartnerHub",
        _ when !string.IsNullOrWhiteSpace(userName) => userName.Trim(),
        MessageAuthorKind.Partner when !string.IsNullOrWhiteSpace(partnerName) => partnerName.Trim(),
        MessageAuthorKind.Partner => "Partner",
        _ => "Program team",
    };
}
