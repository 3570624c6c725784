namespace PartnerHub.Tests.Integration;

/// <summary>
/// A test about SQLite itself (its journal, its FTS5 syntax): skipped, with the reason printed, when the suite runs on
/// PostgreSQL (<see cref="TestEngine"/>). Everything else runs on both engines.
/// </summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string why)
    {
        if (TestEngine.IsPostgreSql) Skip = "SQLite-specific: " + why;
    }
}
