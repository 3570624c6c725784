using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.SqlServer.Migrations
{
    /// <summary>Makes the audit log append-only in the database (SQL Server trigger).</summary>
    public partial class AuditLogAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log refuses UPDATE and DELETE in the database itself, so no code path
            // (tracked changes, ExecuteUpdate/ExecuteDelete, raw SQL) can rewrite history.
            // EXEC: CREATE TRIGGER must start its batch, and in a generated script (dotnet ef migrations script) this
            // migration's statements share one batch after BEGIN TRANSACTION; EXEC gives the trigger a batch of its own.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [TR_AuditLog_AppendOnly] ON [AuditLog] INSTEAD OF UPDATE, DELETE
                AS BEGIN
                    SET NOCOUNT ON;
                    THROW 50001, ''The audit log is append-only.'', 1;
                END');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_AuditLog_AppendOnly];");
        }
    }
}
