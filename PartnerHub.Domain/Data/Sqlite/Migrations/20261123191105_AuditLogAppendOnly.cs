using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
{
    /// <summary>Makes the audit log append-only in the database (SQLite triggers).</summary>
    public partial class AuditLogAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log refuses UPDATE and DELETE in the database itself, so no code path
            // (tracked changes, ExecuteUpdate/ExecuteDelete, raw SQL) can rewrite history.
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AuditLog_NoUpdate" BEFORE UPDATE ON "AuditLog"
                BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AuditLog_NoDelete" BEFORE DELETE ON "AuditLog"
                BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AuditLog_NoUpdate\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AuditLog_NoDelete\";");
        }
    }
}
