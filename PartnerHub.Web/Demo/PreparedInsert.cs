using System.Data.Common;
using System.Globalization;

namespace PartnerHub.Web.Demo;

/// <summary>
/// One prepared SQLite INSERT, reused for every row: the fast path for seeding many rows without the change
/// tracker. Values must already be in the SQLite context's storage formats (see <see cref="Time"/>, <see cref="Date"/>;
/// enums as integers, decimals as doubles).
/// </summary>
internal sealed class PreparedInsert : IDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private bool _prepared;

    public PreparedInsert(DbConnection connection, string table, params string[] columns)
    {
        _command = connection.CreateCommand();
        _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        _parameters = new DbParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var p = _command.CreateParameter();
            p.ParameterName = "$p" + i.ToString(CultureInfo.InvariantCulture);
            _command.Parameters.Add(p);
            _parameters[i] = p;
        }
    }

    public static PreparedInsert DailyPerformance(DbConnection connection) => new(connection, "DailyPerformance",
        "PartnerId", "Date", "Clicks", "Registrations", "Ftds", "Deposits", "NetGamingRevenue", "Lots", "Volume", "NetDeposits",
        "ActiveTraders", "SignUps", "ChallengesSold", "FundedAccounts");

    /// <summary>EF Core's SQLite text format for <see cref="DateTime"/>.</summary>
    public static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>EF Core's SQLite text format for <see cref="DateOnly"/>.</summary>
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Binds the command to the transaction in progress (SQLite requires it) and prepares it once.</summary>
    public void Use(DbTransaction tx)
    {
        _command.Transaction = tx;
        if (_prepared) return;
        _command.Prepare();
        _prepared = true;
    }

    public void Run(params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
