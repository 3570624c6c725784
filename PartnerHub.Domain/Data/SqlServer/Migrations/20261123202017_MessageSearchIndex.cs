using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.SqlServer.Migrations
{
    /// <summary>
    /// Full-text search over message text (SQL Server full-text). The index follows the table by
    /// itself (CHANGE_TRACKING AUTO) and populates existing rows in the background after creation.
    /// Full-text DDL cannot run inside a user transaction, hence <c>suppressTransaction</c>; the
    /// Full-Text Search feature must be installed on the server (it is in every edition but LocalDB).
    /// </summary>
    public partial class MessageSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                IF NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE [name] = N'PartnerHubFullText')
                    CREATE FULLTEXT CATALOG [PartnerHubFullText] WITH ACCENT_SENSITIVITY = OFF;
                """, suppressTransaction: true);
            migrationBuilder.Sql("""
                IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE [object_id] = OBJECT_ID(N'[Messages]'))
                    CREATE FULLTEXT INDEX ON [Messages] ([Body] LANGUAGE 0)
                        KEY INDEX [PK_Messages] ON [PartnerHubFullText]
                        WITH CHANGE_TRACKING AUTO, STOPLIST = OFF;
                """, suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                IF EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE [object_id] = OBJECT_ID(N'[Messages]'))
                    DROP FULLTEXT INDEX ON [Messages];
                """, suppressTransaction: true);
            migrationBuilder.Sql("""
                IF EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE [name] = N'PartnerHubFullText')
                    DROP FULLTEXT CATALOG [PartnerHubFullText];
                """, suppressTransaction: true);
        }
    }
}
