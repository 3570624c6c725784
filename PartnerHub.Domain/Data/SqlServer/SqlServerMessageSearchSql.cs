using PartnerHub.Domain.Messaging;

namespace PartnerHub.Domain.Data.SqlServer;

/// <summary>Message search on SQL Server: the full-text index on <c>Messages(Body)</c> through <c>CONTAINSTABLE</c>, ranked by its RANK.</summary>
public sealed class SqlServerMessageSearchSql : IMessageSearchSql
{
    public static readonly SqlServerMessageSearchSql Instance = new();

    public string Quote(string identifier) => $"[{identifier}]";

    public object Time(DateTime utc) => utc;

    public bool SnippetFromIndex(MessageSearchOrder order) => false;

    /// <summary>CONTAINS: every word a quoted prefix term (<c>"word*"</c>), AND-ed.</summary>
    public static string Match(IReadOnlyList<string> words) => string.Join(" AND ", words.Select(w => "\"" + w + "*\""));

    public (string Page, string Count) Statements(MessageSearchFilter filter, MessageSearchOrder order, IReadOnlyList<string> words)
    {
        var match = Match(words);
        var matchParam = filter.Param(match);
        var from = $"""
            FROM CONTAINSTABLE([Messages], [Body], {matchParam}) AS ft
            JOIN [Messages] AS m ON m.[Id] = ft.[KEY]
            JOIN [MessageThreads] AS t ON t.[Id] = m.[ThreadId]
            JOIN [Partners] AS p ON p.[Id] = t.[PartnerId]
            WHERE 1 = 1{filter.AndClauses}
            """;
        var orderBy = order == MessageSearchOrder.Relevance ? "ft.[RANK] DESC, m.[Id] DESC" : "m.[Id] DESC";
        var page = $"""
            SELECT m.[Id], m.[ThreadId], t.[PartnerId], p.[Name],
                   COALESCE((SELECT u.[DisplayName] FROM [AspNetUsers] AS u WHERE u.[Id] = m.[AuthorUserId]),
                            (SELECT ap.[Name] FROM [Partners] AS ap WHERE ap.[Id] = m.[AuthorPartnerId])),
                   m.[SentAt], CASE WHEN m.[RetractedAt] IS NULL THEN 0 ELSE 1 END,
                   SUBSTRING(m.[Body], 1, 600)
            {from}
            ORDER BY {orderBy}
            OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY
            """;
        var count = $"SELECT COUNT(*) FROM (SELECT TOP (@cap) 1 AS x {from}) AS c";
        return (page, count);
    }
}
