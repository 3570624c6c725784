using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PostgreSqlOutboundColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EmailLastAttemptAt",
                table: "Notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailSubject",
                table: "Notifications",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EmailedMessages",
                columns: table => new
                {
                    NotificationId = table.Column<long>(type: "bigint", nullable: false),
                    MessageId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailedMessages", x => new { x.MessageId, x.NotificationId });
                    table.ForeignKey(
                        name: "FK_EmailedMessages_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EmailedMessages_Notifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "Notifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientKey_EmailLastAttemptAt",
                table: "Notifications",
                columns: new[] { "RecipientKey", "EmailLastAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmailedMessages_NotificationId",
                table: "EmailedMessages",
                column: "NotificationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailedMessages");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_RecipientKey_EmailLastAttemptAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailLastAttemptAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailSubject",
                table: "Notifications");
        }
    }
}
