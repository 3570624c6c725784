using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// SQL Server's own T-SQL parser (ScriptDom, the one SqlPackage and SSMS use), for SQL that no engine here can run.
/// It checks syntax only: names of tables and columns are not resolved. The text of an <c>EXEC(N'...')</c> (how a
/// migration gives a trigger its own batch) is parsed as well, as the batch it is.
/// </summary>
public static class TSqlSyntax
{
    /// <summary>The syntax errors of a script (batches separated by <c>GO</c>), each with its line and the offending line's text.</summary>
    public static IReadOnlyList<string> Errors(string script, out int statements)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);
        statements = fragment is TSqlScript parsed ? parsed.Batches.Sum(b => b.Statements.Count) : 0;
        var lines = script.Split('\n');
        var found = errors
            .Select(e => $"line {e.Line}, column {e.Column}: {e.Message} | {(e.Line >= 1 && e.Line <= lines.Length ? lines[e.Line - 1].Trim() : "")}")
            .ToList();
        if (errors.Count == 0)
        {
            var dynamic = new DynamicSql();
            fragment.Accept(dynamic);
            foreach (var (line, text) in dynamic.Batches)
            {
                found.AddRange(Errors(text, out var inner).Select(e => $"in the EXEC at line {line}: {e}"));
                statements += inner;
            }
        }
        return found;
    }

    /// <summary>The constant text of every <c>EXEC(N'...')</c>.</summary>
    private sealed class DynamicSql : TSqlFragmentVisitor
    {
        public List<(int Line, string Text)> Batches { get; } = [];

        public override void Visit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral))
                Batches.Add((node.StartLine, string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value))));
            base.Visit(node);
        }
    }
}
