using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PartnerHub.Domain.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ReplyByEmail : Migration
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
                name: "EmailMessageId",
                table: "Notifications",
                type: "character varying(250)",
                maxLength: 250,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailSubject",
                table: "Notifications",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "Messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ChannelNote",
                table: "Messages",
                type: "character varying(2000)",
                maxLength: 2000,
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

            migrationBuilder.CreateTable(
                name: "InboundMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MailMessageId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    From = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ThreadId = table.Column<long>(type: "bigint", nullable: true),
                    PartnerId = table.Column<int>(type: "integer", nullable: true),
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
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ThreadId = table.Column<long>(type: "bigint", nullable: false),
                    RecipientKey = table.Column<string>(type: "character varying(460)", maxLength: 460, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                name: "IX_Notifications_RecipientKey_EmailLastAttemptAt",
                table: "Notifications",
                columns: new[] { "RecipientKey", "EmailLastAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmailedMessages_NotificationId",
                table: "EmailedMessages",
                column: "NotificationId");

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
                name: "EmailedMessages");

            migrationBuilder.DropTable(
                name: "InboundMails");

            migrationBuilder.DropTable(
                name: "ReplyAddresses");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_EmailMessageId",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_RecipientKey_EmailLastAttemptAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailLastAttemptAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailMessageId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailSubject",
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
