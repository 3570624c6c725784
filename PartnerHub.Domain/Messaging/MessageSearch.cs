using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

public enum MessageSearchOrder
{
    /// <summary>Newest first (by message id, which follows send order).</summary>
    Newest = 0,
    /// <summary>Best match first (SQLite bm25, SQL Server full-text rank).</summary>
    Relevance = 1,
}

/// <summary>What to look for. <see cref="Page"/> is 0-based; <see cref="PageSize"/> is at most <see cref="MessageSearch.MaxPageSize"/>.</summary>
public sealed record MessageSearchQuery
{
    /// <summary>Words to find (2 to 200 characters). Every word must occur; each also matches as a prefix ("comm" finds "commission").</summary>
    public string Text { get; init; } = "";
    /// <summary>Only threads of this partner (for a downline thread: the sub-IB).</summary>
    public int? PartnerId { get; init; }
    /// <summary>Only partners this manager currently manages.</summary>
    public string? ManagerId { get; init; }
    /// <summary>Sent on or after this day (UTC).</summary>
    public DateOnly? From { get; init; }
    /// <summary>Sent on or before this day (UTC).</summary>
    public DateOnly? To { get; init; }
    /// <summary>Only messages about a record (record-linked threads, or messages carrying a record card).</summary>
    public bool RecordLinkedOnly { get; init; }
    public MessageSearchOrder Order { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 20;
}

/// <summary>
/// One message that matched. <see cref="Snippet"/> is <b>plain text, never HTML</b>: the matched words are
/// wrapped in <see cref="MessageSearch.MarkStart"/> / <see cref="MessageSearch.MarkEnd"/> ("[[" and "]]"), and the
/// UI HTML-encodes the text first and only then turns the markers into <c>&lt;mark&gt;</c>
/// (see <see cref="MessageSearch.SnippetParts"/>). <see cref="Link"/> opens the thread scrolled to the message,
/// in the caller's shell (console for operators, portal for partners).
/// </summary>
public sealed record MessageHit(
    long MessageId, long ThreadId, int PartnerId, string PartnerName, string AuthorName, DateTime SentAt,
    string Snippet, string Link, bool IsRetracted);

/// <summary>
/// Full-text search over message text. Operators search every thread; a partner searches only its own
/// threads (its direct and record threads, the downline thread with its master IB, and, for a master IB,
/// the downline threads where it is the counterpart) and never finds a retracted message.
/// <para>
/// SQLite uses the FTS5 table <c>MessagesFts</c> (migration <c>MessageSearchIndex</c>); SQL Server uses the
/// full-text index on <c>Messages(Body)</c> through <c>CONTAINSTABLE</c>. The user's text is never passed to the
/// engine as query syntax: it is split into words (letters and digits), each word becomes a quoted prefix
/// term (<c>"word"*</c> / <c>"word*"</c>) and the terms are AND-ed, so <c>"</c>, <c>*</c>, <c>NEAR(</c>, <c>OR</c>
/// or <c>-</c> are searched as plain words or ignored.
/// </para>
/// <para>
/// <see cref="Page{T}.Total"/> is exact up to <see cref="CountCap"/>; above it the count stops at
/// <c>CountCap + 1</c>, which the UI shows as "1000+" (<see cref="TotalLabel"/>). Counting every hit of a common
/// word over a million messages would cost more than the page itself.
/// </para>
/// </summary>
public sealed class MessageSearch(IDbContextFactory<AppDbContext> factory, IMessageSearchSql sql, TimeProvider? clock = null)
{
    public const int MinTextLength = 2;
    public const int MaxTextLength = 200;
    public const int MaxPageSize = 50;
    public const int CountCap = 1000;
    public const string MarkStart = "[[";
    public const string MarkEnd = "]]";
    private const int MaxWords = 16;
    private const int SnippetLength = 200;
    /// <summary>On SQLite, "best match" ranks the newest this-many matches (see the SQLite <see cref="IMessageSearchSql"/>).</summary>
    public const int RelevanceWindow = 2_000;

    /// <summary>The WHERE clauses and parameters of a search: the actor's scope first, then the query's filters.</summary>
    internal static MessageSearchFilter Filter(IMessageSearchSql sql, Actor actor, MessageSearchQuery q, IEnumerable<long> hidden)
    {
        var filter = new MessageSearchFilter(sql);
        // Authorization first: a partner's scope is AND-ed with whatever filters it sends, so they can only narrow it.
        if (!actor.IsOperator)
        {
            filter.Add($"(t.{filter.Column("PartnerId")} = {filter.Param(actor.PartnerId!.Value)} OR (t.{filter.Column("Kind")} = {(int)ThreadKind.Downline} AND t.{filter.Column("CounterpartPartnerId")} = {filter.Param(actor.PartnerId!.Value)}))");
            filter.Add($"m.{filter.Column("RetractedAt")} IS NULL");
            var hiddenIds = hidden.ToList();
            if (hiddenIds.Count > 0)
                filter.Add($"t.{filter.Column("Id")} NOT IN ({string.Join(", ", hiddenIds.Select(id => filter.Param(id)))})");
        }
        if (q.PartnerId is { } partnerId) filter.Add($"t.{filter.Column("PartnerId")} = {filter.Param(partnerId)}");
        if (!string.IsNullOrWhiteSpace(q.ManagerId)) filter.Add($"p.{filter.Column("ManagerId")} = {filter.Param(q.ManagerId.Trim())}");
        if (q.From is { } from) filter.Add($"m.{filter.Column("SentAt")} >= {filter.Param(sql.Time(from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)))}");
        if (q.To is { } to) filter.Add($"m.{filter.Column("SentAt")} < {filter.Param(sql.Time(to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)))}");
        if (q.RecordLinkedOnly) filter.Add($"(m.{filter.Column("RecordType")} IS NOT NULL OR t.{filter.Column("Kind")} = {(int)ThreadKind.Record})");
        return filter;
    }

    public async Task<Page<MessageHit>> SearchAsync(Actor actor, MessageSearchQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(q);
        if (!actor.IsOperator && !actor.IsPartner) throw new AccessDeniedException();
        var words = Words(q.Text);
        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var skip = (long)Math.Max(q.Page, 0) * size;

        await using var db = await factory.CreateDbContextAsync(ct);
        // Threads the IB tree or creative visibility now hide from a partner (a handful of ids, one parameter each).
        var hidden = actor.IsOperator
            ? []
            : await ThreadAccess.HiddenFromPartnerAsync(db, actor, DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime), ct);
        var filter = Filter(sql, actor, q, hidden);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var (pageSql, countSql) = sql.Statements(filter, q.Order, words);
            // Where the engine cuts the snippet (SQLite's newest-first page), it is used; every other page gets its highlight cut here.
            var snippetFromIndex = sql.SnippetFromIndex(q.Order);
            var items = new List<MessageHit>(size);
            await using (var command = filter.Command(connection, pageSql, ("@take", size), ("@skip", skip)))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var messageId = reader.GetInt64(0);
                    var threadId = reader.GetInt64(1);
                    var raw = reader.IsDBNull(7) ? "" : reader.GetString(7);
                    items.Add(new MessageHit(
                        messageId, threadId, reader.GetInt32(2), reader.GetString(3),
                        reader.IsDBNull(4) ? "PartnerHub" : reader.GetString(4),
                        DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
                        snippetFromIndex ? SafeMarkdown.ToPlainSnippet(raw) : Highlight(SafeMarkdown.ToPlainText(raw), words, SnippetLength),
                        Link(actor, threadId, messageId),
                        !reader.IsDBNull(6) && Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture) != 0));
                }
            }

            int total;
            if (items.Count < size && (items.Count > 0 || skip == 0))
                total = (int)Math.Min(skip + items.Count, CountCap + 1); // the last page tells the count itself
            else
            {
                await using var count = filter.Command(connection, countSql, ("@cap", CountCap + 1));
                total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }
            return new Page<MessageHit>(items, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>"1000+" above <see cref="CountCap"/>, else the count.</summary>
    public static string TotalLabel(int total) =>
        total > CountCap ? CountCap.ToString("N0", CultureInfo.InvariantCulture) + "+" : total.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Splits a snippet into (text, highlighted) parts at the markers, for a component to render each part
    /// as encoded text, the highlighted ones inside <c>&lt;mark&gt;</c>.
    /// </summary>
    public static IReadOnlyList<(string Text, bool Highlighted)> SnippetParts(string snippet)
    {
        var parts = new List<(string, bool)>();
        var at = 0;
        while (at < snippet.Length)
        {
            var open = snippet.IndexOf(MarkStart, at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : snippet.IndexOf(MarkEnd, open + MarkStart.Length, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                parts.Add((snippet[at..], false));
                break;
            }
            if (open > at) parts.Add((snippet[at..open], false));
            parts.Add((snippet[(open + MarkStart.Length)..close], true));
            at = close + MarkEnd.Length;
        }
        return parts;
    }

    /// <summary>The user's words: letters and digits only, 1 to 16 distinct words; refuses text outside 2..200 characters.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length is < MinTextLength or > MaxTextLength)
            throw new DomainException($"Search for {MinTextLength} to {MaxTextLength} characters.", nameof(MessageSearchQuery.Text));
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in trimmed.Normalize(NormalizationForm.FormC).Append(' '))
        {
            if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                current.Append(c);
                continue;
            }
            if (current.Length == 0) continue;
            var word = current.ToString();
            current.Clear();
            if (!words.Contains(word, StringComparer.OrdinalIgnoreCase)) words.Add(word);
        }
        if (words.Count == 0)
            throw new DomainException("Search for at least one word or number.", nameof(MessageSearchQuery.Text));
        return words.Take(MaxWords).ToList();
    }

    private static string Link(Actor actor, long threadId, long messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"/{(actor.IsOperator ? "console" : "portal")}/messages/{threadId}?message={messageId}");

    /// <summary>
    /// The app-side snippet: a window of the plain text around the first matched word, every word that starts
    /// with a searched word (ignoring case and accents) wrapped in the markers.
    /// </summary>
    private static string Highlight(string plain, IReadOnlyList<string> words, int maxLength)
    {
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        const CompareOptions options = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;
        var spans = new List<(int Start, int End)>();
        for (var i = 0; i < plain.Length;)
        {
            if (!char.IsLetterOrDigit(plain[i])) { i++; continue; }
            var start = i;
            while (i < plain.Length && (char.IsLetterOrDigit(plain[i]) || char.GetUnicodeCategory(plain[i]) == UnicodeCategory.NonSpacingMark)) i++;
            var token = plain[start..i];
            if (words.Any(w => compare.IsPrefix(token, w, options))) spans.Add((start, i));
        }
        var from = spans.Count == 0 ? 0 : Math.Max(0, spans[0].Start - 60);
        var to = Math.Min(plain.Length, from + maxLength);
        var sb = new StringBuilder();
        if (from > 0) sb.Append('…');
        var at = from;
        foreach (var (start, end) in spans.Where(s => s.Start >= from && s.End <= to))
        {
            sb.Append(plain, at, start - at).Append(MarkStart).Append(plain, start, end - start).Append(MarkEnd);
            at = end;
        }
        sb.Append(plain, at, to - at);
        if (to < plain.Length) sb.Append('…');
        return sb.ToString();
    }
}
