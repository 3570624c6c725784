using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.SqlServer.Migrations
{
    /// <summary>
    /// Quartz's QRTZ_ tables for the clustered job store, from the schema script inside the pinned Quartz assembly
    /// (<see cref="QuartzSchema"/>); hand-written, so it carries no model of its own.
    /// </summary>
    [DbContext(typeof(SqlServerAppDbContext))]
    [Migration("20261206190000_QuartzSchema")]
    public partial class QuartzSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in Data.QuartzSchema.Statements("sqlServer")) migrationBuilder.Sql(statement);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Data.QuartzSchema.Tables)
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {Data.QuartzSchema.TablePrefix}{table};");
        }
    }
}
