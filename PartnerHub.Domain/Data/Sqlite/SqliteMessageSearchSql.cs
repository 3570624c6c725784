using System.Globalization;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Domain.Data.Sqlite;

/// <summary>Message search on SQLite: the FTS5 table <c>MessagesFts</c> (migration <c>MessageSearchIndex</c>), ranked by bm25.</summary>
public sealed class SqliteMessageSearchSql : IMessageSearchSql
{
    public static readonly SqliteMessageSearchSql Instance = new();

    public string Quote(string identifier) => $"\"{identifier}\"";

    /// <summary>SQLite compares EF's text format.</summary>
    public object Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>The newest-first page takes FTS5's snippet(); the best-match page reads the body (a second MATCH per row would rescan the index).</summary>
    public bool SnippetFromIndex(MessageSearchOrder order) => order != MessageSearchOrder.Relevance;

    /// <summary>Every word a quoted prefix term (<c>"word"*</c>), AND-ed. Words hold no quotes, so nothing is syntax.</summary>
    public static string Match(IReadOnlyList<string> words) => string.Join(" AND ", words.Select(w => "\"" + w + "\"*"));

    public (string Page, string Count) Statements(MessageSearchFilter filter, MessageSearchOrder order, IReadOnlyList<string> words)
    {
        var match = Match(words);
        var matchParam = filter.Param(match);
        // The FTS table drives the query (CROSS JOIN keeps it the outer loop): FTS5 hands rows over in rowid
        // or rank order, so the first page stops after the first few matches that pass the filters.
        var from = $"""
            FROM "MessagesFts"
            CROSS JOIN "Messages" AS m ON m."Id" = "MessagesFts".rowid
            CROSS JOIN "MessageThreads" AS t ON t."Id" = m."ThreadId"
            CROSS JOIN "Partners" AS p ON p."Id" = t."PartnerId"
            WHERE "MessagesFts" MATCH {matchParam}{filter.AndClauses}
            """;
        static string Columns(string text) => $"""
            SELECT m."Id", m."ThreadId", t."PartnerId", p."Name",
                   COALESCE((SELECT u."DisplayName" FROM "AspNetUsers" AS u WHERE u."Id" = m."AuthorUserId"),
                            (SELECT ap."Name" FROM "Partners" AS ap WHERE ap."Id" = m."AuthorPartnerId")),
                   m."SentAt", m."RetractedAt" IS NOT NULL, {text}
            """;
        string page;
        if (order == MessageSearchOrder.Relevance)
        {
            // bm25 over every match of a common word means scoring hundreds of thousands of rows. Best match is
            // ranked among the newest RelevanceWindow matches that pass the filters (all of them for rarer words):
            // the inner query walks the index newest first and stops, the outer one ranks that window. The snippet
            // is cut in the app (as on SQL Server): a second MATCH per row would rescan the index for each.
            page = $"""
                {Columns("substr(m.\"Body\", 1, 600)")}
                FROM (SELECT "MessagesFts".rowid AS "Hit", "MessagesFts".rank AS "Score" {from}
                      ORDER BY "MessagesFts".rowid DESC LIMIT {MessageSearch.RelevanceWindow}) AS w
                CROSS JOIN "Messages" AS m ON m."Id" = w."Hit"
                CROSS JOIN "MessageThreads" AS t ON t."Id" = m."ThreadId"
                CROSS JOIN "Partners" AS p ON p."Id" = t."PartnerId"
                ORDER BY w."Score", w."Hit" DESC
                LIMIT @take OFFSET @skip
                """;
        }
        else
        {
            page = $"""
                {Columns($"snippet(\"MessagesFts\", 0, '{MessageSearch.MarkStart}', '{MessageSearch.MarkEnd}', '…', 12)")}
                {from}
                ORDER BY "MessagesFts".rowid DESC
                LIMIT @take OFFSET @skip
                """;
        }
        var count = $"SELECT COUNT(*) FROM (SELECT 1 {from} LIMIT @cap)";
        return (page, count);
    }
}
