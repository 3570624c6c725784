using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class RetentionAndErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EndedAt",
                table: "Partners",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ErasedAt",
                table: "Partners",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditRedactions",
                columns: table => new
                {
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    ErasureId = table.Column<long>(type: "bigint", nullable: false),
                    ContentSha256 = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    RedactedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRedactions", x => x.EntryId);
                });

            migrationBuilder.CreateTable(
                name: "PartnerErasures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PartnerId = table.Column<int>(type: "int", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    ErasedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    ErasedByName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Summary = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerErasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerErasures_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRules",
                columns: table => new
                {
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Years = table.Column<int>(type: "int", nullable: false),
                    UpdatedByName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRules", x => x.Kind);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRedactions_ErasureId",
                table: "AuditRedactions",
                column: "ErasureId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerErasures_PartnerId",
                table: "PartnerErasures",
                column: "PartnerId");
        
            // An audit row may now change only as an erasure's recorded redaction (its AuditRedactions row exists first; id, time,
            // user id, action and subject never change); deletes stay refused. EXEC gives each trigger a batch of its own.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_AuditLog_AppendOnly];");
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [TR_AuditLog_NoDelete] ON [AuditLog] INSTEAD OF DELETE
                AS BEGIN
                    SET NOCOUNT ON;
                    THROW 50001, ''The audit log is append-only.'', 1;
                END');
                """);
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [TR_AuditLog_RedactOnly] ON [AuditLog] AFTER UPDATE
                AS BEGIN
                    SET NOCOUNT ON;
                    IF EXISTS (SELECT 1 FROM inserted i JOIN deleted d ON d.[Id] = i.[Id]
                        WHERE NOT EXISTS (SELECT 1 FROM [AuditRedactions] r WHERE r.[EntryId] = i.[Id])
                           OR i.[At] <> d.[At] OR i.[Action] <> d.[Action] OR i.[EntityType] <> d.[EntityType]
                           OR ISNULL(i.[UserId], N'''') <> ISNULL(d.[UserId], N'''')
                           OR ISNULL(i.[EntityId], N'''') <> ISNULL(d.[EntityId], N'''')
                           OR ISNULL(i.[PartnerId], -1) <> ISNULL(d.[PartnerId], -1))
                        THROW 50001, ''The audit log is append-only (only a recorded erasure redaction may change personal data in it).'', 1;
                END');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_AuditLog_RedactOnly];");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_AuditLog_NoDelete];");
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [TR_AuditLog_AppendOnly] ON [AuditLog] INSTEAD OF UPDATE, DELETE
                AS BEGIN
                    SET NOCOUNT ON;
                    THROW 50001, ''The audit log is append-only.'', 1;
                END');
                """);

            migrationBuilder.DropTable(
                name: "AuditRedactions");

            migrationBuilder.DropTable(
                name: "PartnerErasures");

            migrationBuilder.DropTable(
                name: "RetentionRules");

            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "Partners");
        }
    }
}
