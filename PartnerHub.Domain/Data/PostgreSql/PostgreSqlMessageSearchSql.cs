using PartnerHub.Domain.Messaging;

namespace PartnerHub.Domain.Data.PostgreSql;

/// <summary>
/// Message search on PostgreSQL: the <c>tsvector</c> column <c>Messages."SearchVector"</c> and its GIN index
/// (<see cref="PostgreSqlSchema"/>), matched with <c>to_tsquery</c> and ranked by <c>ts_rank</c>. The same rules as FTS5:
/// every word a prefix term, AND-ed, case and accents ignored, words split at every character that is not a letter or digit;
/// newest first by id, or best match among the newest <see cref="MessageSearch.RelevanceWindow"/> matches.
/// </summary>
public sealed class PostgreSqlMessageSearchSql : IMessageSearchSql
{
    public static readonly PostgreSqlMessageSearchSql Instance = new();

    public string Quote(string identifier) => $"\"{identifier}\"";

    /// <summary>Npgsql writes a UTC <see cref="DateTime"/> as <c>timestamp with time zone</c>, the column's type.</summary>
    public object Time(DateTime utc) => utc.Kind == DateTimeKind.Utc ? utc : utc.ToUniversalTime();

    /// <summary>The app cuts and highlights the snippet (<c>ts_headline</c> would re-parse every body of the page).</summary>
    public bool SnippetFromIndex(MessageSearchOrder order) => false;

    /// <summary>
    /// <c>to_tsquery</c> text: every word a quoted prefix lexeme (<c>'word':*</c>), AND-ed. Words hold only letters and digits
    /// (<see cref="MessageSearch.Words"/>), so nothing in them is tsquery syntax; the configuration lowercases and unaccents them.
    /// </summary>
    public static string Match(IReadOnlyList<string> words) => string.Join(" & ", words.Select(w => "'" + w + "':*"));

    public (string Page, string Count) Statements(MessageSearchFilter filter, MessageSearchOrder order, IReadOnlyList<string> words)
    {
        var query = $"to_tsquery('{PostgreSqlSchema.SearchConfiguration}', {filter.Param(Match(words))})";
        var from = $"""
            FROM "Messages" AS m
            JOIN "MessageThreads" AS t ON t."Id" = m."ThreadId"
            JOIN "Partners" AS p ON p."Id" = t."PartnerId"
            WHERE m."SearchVector" @@ {query}{filter.AndClauses}
            """;
        const string columns = """
            SELECT m."Id", m."ThreadId", t."PartnerId", p."Name",
                   COALESCE((SELECT u."DisplayName" FROM "AspNetUsers" AS u WHERE u."Id" = m."AuthorUserId"),
                            (SELECT ap."Name" FROM "Partners" AS ap WHERE ap."Id" = m."AuthorPartnerId")),
                   m."SentAt", m."RetractedAt" IS NOT NULL, substr(m."Body", 1, 600)
            """;
        string page;
        if (order == MessageSearchOrder.Relevance)
        {
            // As on SQLite: rank the newest RelevanceWindow matches that pass the filters, not every match of a common word.
            // ts_rank's normalisation 1 divides by the log of the length, so a message about the word beats one mentioning it.
            page = $"""
                {columns}
                FROM (SELECT m."Id" AS "Hit", ts_rank(m."SearchVector", {query}, 1) AS "Score" {from}
                      ORDER BY m."Id" DESC LIMIT {MessageSearch.RelevanceWindow}) AS w
                JOIN "Messages" AS m ON m."Id" = w."Hit"
                JOIN "MessageThreads" AS t ON t."Id" = m."ThreadId"
                JOIN "Partners" AS p ON p."Id" = t."PartnerId"
                ORDER BY w."Score" DESC, w."Hit" DESC
                LIMIT @take OFFSET @skip
                """;
        }
        else
        {
            page = $"""
                {columns}
                {from}
                ORDER BY m."Id" DESC
                LIMIT @take OFFSET @skip
                """;
        }
        var count = $"SELECT COUNT(*) FROM (SELECT 1 {from} LIMIT @cap) AS c";
        return (page, count);
    }
}
