using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReplyByEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailMessageId",
                table: "Notifications",
                type: "TEXT",
                maxLength: 250,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ChannelNote",
                table: "Messages",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboundMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MailMessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ThreadId = table.Column<long>(type: "INTEGER", nullable: true),
                    PartnerId = table.Column<int>(type: "INTEGER", nullable: true),
                    MessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    NotificationId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReplyAddresses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ThreadId = table.Column<long>(type: "INTEGER", nullable: false),
                    RecipientKey = table.Column<string>(type: "TEXT", maxLength: 460, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyAddresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReplyAddresses_MessageThreads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "MessageThreads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EmailMessageId",
                table: "Notifications",
                column: "EmailMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_InboundMails_ProcessedAt",
                table: "InboundMails",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "UX_InboundMails_MailMessageId",
                table: "InboundMails",
                column: "MailMessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReplyAddresses_ThreadId_RecipientKey",
                table: "ReplyAddresses",
                columns: new[] { "ThreadId", "RecipientKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReplyAddresses_Token",
                table: "ReplyAddresses",
                column: "Token",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboundMails");

            migrationBuilder.DropTable(
                name: "ReplyAddresses");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_EmailMessageId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailMessageId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ChannelNote",
                table: "Messages");
        }
    }
}
