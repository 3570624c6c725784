using System.Data.Common;
using System.Globalization;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// The engine's half of <see cref="MessageSearch"/>: its full-text index, its identifier quoting and its date parameters.
/// One implementation per provider in <c>PartnerHub.Domain/Data/&lt;Provider&gt;/</c>, chosen with the provider.
/// </summary>
public interface IMessageSearchSql
{
    /// <summary>An identifier quoted for the engine.</summary>
    string Quote(string identifier);

    /// <summary>A UTC time as the engine compares it with the stored column.</summary>
    object Time(DateTime utc);

    /// <summary>
    /// The page query (columns: message id, thread id, partner id, partner name, author name, sent at, retracted, text; parameters
    /// <c>@take</c> and <c>@skip</c>) and the capped count query (parameter <c>@cap</c>) for the words, AND-ed as prefix terms,
    /// with the filter's clauses.
    /// </summary>
    (string Page, string Count) Statements(MessageSearchFilter filter, MessageSearchOrder order, IReadOnlyList<string> words);

    /// <summary>Whether the page's text column is already a snippet with the match markers (else the app cuts one).</summary>
    bool SnippetFromIndex(MessageSearchOrder order);
}

/// <summary>WHERE clauses over the aliases <c>m</c> (message), <c>t</c> (thread) and <c>p</c> (partner), with their parameters; every user value is a parameter.</summary>
public sealed class MessageSearchFilter(IMessageSearchSql sql)
{
    private readonly List<string> _clauses = [];
    private readonly List<(string Name, object Value)> _parameters = [];

    /// <summary>The clauses, each prefixed with <c>AND</c>, to append to a WHERE.</summary>
    public string AndClauses => string.Concat(_clauses.Select(c => "\n  AND " + c));

    public void Add(string clause) => _clauses.Add(clause);

    public string Column(string name) => sql.Quote(name);

    /// <summary>Adds a parameter and returns its name.</summary>
    public string Param(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    public DbCommand Command(DbConnection connection, string commandText, params (string Name, object Value)[] extra)
    {
        var command = connection.CreateCommand();
        command.CommandText = commandText;
        foreach (var (name, value) in _parameters.Concat(extra))
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        return command;
    }
}
