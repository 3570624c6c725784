using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.PostgreSql.Migrations
{
    /// <summary>
    /// Quartz's qrtz_ tables for the clustered job store, from the schema script inside the pinned Quartz assembly
    /// (<see cref="QuartzSchema"/>); hand-written, so it carries no model of its own and is independent of the others.
    /// </summary>
    [DbContext(typeof(PostgreSqlAppDbContext))]
    [Migration("20261206190000_QuartzSchema")]
    public partial class QuartzSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in Data.QuartzSchema.Statements("postgres")) migrationBuilder.Sql(statement);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Data.QuartzSchema.Tables)
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {Data.QuartzSchema.TablePrefix}{table};");
        }
    }
}
