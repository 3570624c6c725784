using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ErasedAt",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditRedactions",
                columns: table => new
                {
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    ErasureId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentSha256 = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    RedactedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRedactions", x => x.EntryId);
                });

            migrationBuilder.CreateTable(
                name: "PartnerErasures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ErasedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ErasedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: false)
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
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Years = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
        
            // An audit row may now change only as an erasure's recorded redaction: its AuditRedactions row must exist first, and the
            // entry's id, time, user id, action and subject never change (its user name, IP address and details may be redacted).
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AuditLog_NoUpdate\";");
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AuditLog_NoUpdate" BEFORE UPDATE ON "AuditLog"
                WHEN NOT EXISTS (SELECT 1 FROM "AuditRedactions" r WHERE r."EntryId" = OLD."Id")
                    OR NEW."Id" IS NOT OLD."Id" OR NEW."At" IS NOT OLD."At" OR NEW."UserId" IS NOT OLD."UserId"
                    OR NEW."Action" IS NOT OLD."Action" OR NEW."EntityType" IS NOT OLD."EntityType"
                    OR NEW."EntityId" IS NOT OLD."EntityId" OR NEW."PartnerId" IS NOT OLD."PartnerId"
                BEGIN SELECT RAISE(ABORT, 'The audit log is append-only (only a recorded erasure redaction may change personal data in it).'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AuditLog_NoUpdate\";");
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AuditLog_NoUpdate" BEFORE UPDATE ON "AuditLog"
                BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
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
