using PartnerHub.Domain.Data;

namespace PartnerHub.Tests.Domain;

/// <summary>The clustered job store's tables come from the pinned Quartz assembly's own script, prefix substituted.</summary>
public sealed class QuartzSchemaTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlServer")]
    public void Every_table_of_the_pinned_Quartz_is_created_with_the_apps_prefix(string dialect)
    {
        var statements = QuartzSchema.Statements(dialect);
        Assert.All(statements, s => Assert.DoesNotContain("{0}", s, StringComparison.Ordinal));
        Assert.All(statements, s => Assert.DoesNotContain("{1}", s, StringComparison.Ordinal));
        foreach (var table in QuartzSchema.Tables)
            Assert.Contains(statements, s => s.Contains("CREATE TABLE", StringComparison.OrdinalIgnoreCase)
                && System.Text.RegularExpressions.Regex.IsMatch(s, $@"CREATE TABLE (IF NOT EXISTS )?{QuartzSchema.TablePrefix}{table}\b",
                    System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        // Nothing in it drops anything: it is safe on a database that already has the tables.
        Assert.DoesNotContain(statements, s => s.Contains("DROP ", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void An_unknown_dialect_is_refused_with_the_Quartz_version_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => QuartzSchema.Statements("db2"));
        Assert.Contains("create_db2.sql", e.Message, StringComparison.Ordinal);
    }
}
