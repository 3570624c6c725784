using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Privacy;

/// <summary>One identifier of the person (a name, an email, a phone number) and what replaces it.</summary>
public sealed record PersonalIdentifier(string Value, string Replacement);

/// <summary>
/// Finds a person's identifiers in the free text of every table of the model and replaces them (ignoring case), for an erasure.
/// Each text column is searched once with <c>LOWER(column) LIKE</c> for all identifiers (portable SQL with quoted identifiers, in the
/// erasure's transaction); only the rows that match are read and rewritten, by primary key. Key and foreign-key columns, ids, hashes
/// and the tables the erasure handles itself (the audit log and its chain) are not swept.
/// </summary>
public static class PersonalDataSweep
{
    /// <summary>Identifiers shorter than this are not swept (they would match ordinary words).</summary>
    public const int MinimumLength = 4;

    /// <summary>Tables the sweep never rewrites: the audit log is redacted entry by entry with a recorded redaction.</summary>
    public static readonly IReadOnlySet<string> ExcludedTables = new HashSet<string>(StringComparer.Ordinal)
    {
        "AuditLog", "AuditChain", "AuditChainHeads", "AuditRedactions", "PartnerErasures", "DataProtectionKeys",
    };

    private static readonly string[] SkippedSuffixes = ["Id", "Hash", "Sha256", "Stamp", "StoragePath", "Currency", "ContentType", "Key"];

    /// <summary>A text column that may hold free text, with its table's primary-key columns.</summary>
    public sealed record TextColumn(string Table, string Column, IReadOnlyList<string> Keys);

    /// <summary>Every text column of the model the sweep searches.</summary>
    public static IReadOnlyList<TextColumn> Columns(IModel model)
    {
        var columns = new List<TextColumn>();
        var seen = new HashSet<(string, string)>();
        foreach (var type in model.GetEntityTypes().Where(t => !t.IsOwned()))
        {
            if (type.GetTableName() is not { } table || ExcludedTables.Contains(table) || type.FindPrimaryKey() is not { } pk) continue;
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            var keys = pk.Properties.Select(p => p.GetColumnName(store)!).ToList();
            foreach (var p in type.GetProperties())
            {
                if (p.ClrType != typeof(string) || p.IsKey() || p.IsForeignKey()) continue;
                if (p.GetMaxLength() is < MinimumLength) continue;
                if (SkippedSuffixes.Any(s => p.Name.EndsWith(s, StringComparison.Ordinal))) continue;
                if (p.GetColumnName(store) is not { } column || !seen.Add((table, column))) continue;
                columns.Add(new TextColumn(table, column, keys));
            }
        }
        return columns;
    }

    /// <summary>Replaces the identifiers wherever they occur; returns the number of rows rewritten per table.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> ReplaceAsync(AppDbContext db, IReadOnlyList<PersonalIdentifier> identifiers,
        CancellationToken ct)
    {
        var usable = identifiers.Where(i => i.Value.Length >= MinimumLength)
            .DistinctBy(i => i.Value, StringComparer.OrdinalIgnoreCase).OrderByDescending(i => i.Value.Length).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (usable.Count == 0) return counts;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The sweep runs inside the erasure's transaction.");
        foreach (var column in Columns(db.Model))
        {
            var rows = new List<(object[] Keys, string Text)>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                var keyList = string.Join(", ", column.Keys.Select(Quote));
                var conditions = string.Join(" OR ", usable.Select((_, i) => $"LOWER({Quote(column.Column)}) LIKE @p{i}"));
                select.CommandText = $"SELECT {keyList}, {Quote(column.Column)} FROM {Quote(column.Table)} WHERE {conditions}";
                for (var i = 0; i < usable.Count; i++) AddParameter(select, $"@p{i}", "%" + usable[i].Value.ToLowerInvariant() + "%");
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var keys = new object[column.Keys.Count];
                    for (var k = 0; k < keys.Length; k++) keys[k] = reader.GetValue(k);
                    rows.Add((keys, reader.GetString(keys.Length)));
                }
            }
            var rewritten = 0;
            foreach (var (keys, text) in rows)
            {
                var replaced = Replace(text, usable);
                if (replaced == text) continue; // matched only through LIKE's wildcards (an underscore in an email)
                await using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = $"UPDATE {Quote(column.Table)} SET {Quote(column.Column)} = @v WHERE "
                    + string.Join(" AND ", column.Keys.Select((k, i) => $"{Quote(k)} = @k{i}"));
                AddParameter(update, "@v", replaced);
                for (var i = 0; i < keys.Length; i++) AddParameter(update, $"@k{i}", keys[i]);
                rewritten += await update.ExecuteNonQueryAsync(ct);
            }
            if (rewritten > 0) counts[column.Table] = counts.GetValueOrDefault(column.Table) + rewritten;
        }
        return counts;
    }

    /// <summary>
    /// The text with every identifier replaced, ignoring case, as a whole word ("Ann Lee" is not replaced inside "Ann Leeds"), longest
    /// first so an email goes before a name inside it.
    /// </summary>
    public static string Replace(string text, IReadOnlyList<PersonalIdentifier> identifiers)
    {
        foreach (var id in identifiers.Where(i => i.Value.Length >= MinimumLength).OrderByDescending(i => i.Value.Length))
            text = Regex.Replace(text, @"(?<![\p{L}\p{N}])" + Regex.Escape(id.Value) + @"(?![\p{L}\p{N}])", id.Replacement.Replace("$", "$$", StringComparison.Ordinal),
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return text;
    }

    /// <summary>Double quotes: PostgreSQL and SQLite quote identifiers so, and SQL Server does with QUOTED_IDENTIFIER on (its default).</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
