using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.SqlServer.Migrations
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
                type: "nvarchar(250)",
                maxLength: 250,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "Messages",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ChannelNote",
                table: "Messages",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboundMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MailMessageId = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    From = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Outcome = table.Column<int>(type: "int", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ThreadId = table.Column<long>(type: "bigint", nullable: true),
                    PartnerId = table.Column<int>(type: "int", nullable: true),
                    MessageId = table.Column<long>(type: "bigint", nullable: true),
                    NotificationId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReplyAddresses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Token = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ThreadId = table.Column<long>(type: "bigint", nullable: false),
                    RecipientKey = table.Column<string>(type: "nvarchar(460)", maxLength: 460, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
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
