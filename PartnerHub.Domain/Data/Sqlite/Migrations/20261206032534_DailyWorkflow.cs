using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DailyWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PayoutBeneficiary",
                table: "Partners",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "Partners",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DoneAt",
                table: "MessageThreads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DoneById",
                table: "MessageThreads",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PartnerRequest",
                table: "MessageThreads",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "SnoozedUntil",
                table: "MessageThreads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentContentType",
                table: "KycRequirements",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentFileName",
                table: "KycRequirements",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentSha256",
                table: "KycRequirements",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DocumentSizeBytes",
                table: "KycRequirements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentStoragePath",
                table: "KycRequirements",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ThreadId",
                table: "InternalNotes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SavedReplies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedReplies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedReplies_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ThreadUnreadMarks",
                columns: table => new
                {
                    ThreadId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    MarkedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThreadUnreadMarks", x => new { x.ThreadId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ThreadUnreadMarks_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ThreadUnreadMarks_MessageThreads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "MessageThreads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MessageThreads_DoneAt",
                table: "MessageThreads",
                column: "DoneAt");

            migrationBuilder.CreateIndex(
                name: "IX_MessageThreads_SnoozedUntil",
                table: "MessageThreads",
                column: "SnoozedUntil");

            migrationBuilder.CreateIndex(
                name: "IX_InternalNotes_ThreadId",
                table: "InternalNotes",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_SavedReplies_OwnerId_Title",
                table: "SavedReplies",
                columns: new[] { "OwnerId", "Title" });

            migrationBuilder.CreateIndex(
                name: "IX_ThreadUnreadMarks_UserId",
                table: "ThreadUnreadMarks",
                column: "UserId");

            migrationBuilder.AddForeignKey(
                name: "FK_InternalNotes_MessageThreads_ThreadId",
                table: "InternalNotes",
                column: "ThreadId",
                principalTable: "MessageThreads",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_InternalNotes_MessageThreads_ThreadId",
                table: "InternalNotes");

            migrationBuilder.DropTable(
                name: "SavedReplies");

            migrationBuilder.DropTable(
                name: "ThreadUnreadMarks");

            migrationBuilder.DropIndex(
                name: "IX_MessageThreads_DoneAt",
                table: "MessageThreads");

            migrationBuilder.DropIndex(
                name: "IX_MessageThreads_SnoozedUntil",
                table: "MessageThreads");

            migrationBuilder.DropIndex(
                name: "IX_InternalNotes_ThreadId",
                table: "InternalNotes");

            migrationBuilder.DropColumn(
                name: "PayoutBeneficiary",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Phone",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "DoneAt",
                table: "MessageThreads");

            migrationBuilder.DropColumn(
                name: "DoneById",
                table: "MessageThreads");

            migrationBuilder.DropColumn(
                name: "PartnerRequest",
                table: "MessageThreads");

            migrationBuilder.DropColumn(
                name: "SnoozedUntil",
                table: "MessageThreads");

            migrationBuilder.DropColumn(
                name: "DocumentContentType",
                table: "KycRequirements");

            migrationBuilder.DropColumn(
                name: "DocumentFileName",
                table: "KycRequirements");

            migrationBuilder.DropColumn(
                name: "DocumentSha256",
                table: "KycRequirements");

            migrationBuilder.DropColumn(
                name: "DocumentSizeBytes",
                table: "KycRequirements");

            migrationBuilder.DropColumn(
                name: "DocumentStoragePath",
                table: "KycRequirements");

            migrationBuilder.DropColumn(
                name: "ThreadId",
                table: "InternalNotes");
        }
    }
}
