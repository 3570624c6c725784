using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DealTermsProposals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PayoutsHeldReason",
                table: "Partners",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PayoutsHeldSince",
                table: "Partners",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DealTermsProposals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DealId = table.Column<int>(type: "int", nullable: false),
                    PartnerId = table.Column<int>(type: "int", nullable: false),
                    BaseVersionId = table.Column<int>(type: "int", nullable: true),
                    BaseVersionNumber = table.Column<int>(type: "int", nullable: true),
                    ParentProposalId = table.Column<int>(type: "int", nullable: true),
                    Mode = table.Column<int>(type: "int", nullable: false),
                    State = table.Column<int>(type: "int", nullable: false),
                    Summary = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    AfterDeadline = table.Column<int>(type: "int", nullable: false),
                    HoldsPayoutsPastDeadline = table.Column<bool>(type: "bit", nullable: false),
                    NoticeDays = table.Column<int>(type: "int", nullable: false),
                    ShortNoticeReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ProposedById = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ProposedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CpaAmount = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: true),
                    RevSharePercent = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    SubIbSharePercent = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    Notes = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    LotRates = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    ResultingVersionId = table.Column<int>(type: "int", nullable: true),
                    Digest = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AnsweredById = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    AnsweredByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    AnsweredFromIp = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    DeclineReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    WithdrawnAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    WithdrawnById = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ExpiredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReminderSentAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealTermsProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DealTermsProposals_DealTermsProposals_ParentProposalId",
                        column: x => x.ParentProposalId,
                        principalTable: "DealTermsProposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DealTermsProposals_DealVersions_BaseVersionId",
                        column: x => x.BaseVersionId,
                        principalTable: "DealVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DealTermsProposals_DealVersions_ResultingVersionId",
                        column: x => x.ResultingVersionId,
                        principalTable: "DealVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DealTermsProposals_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DealTermsProposals_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DealTermsProposals_BaseVersionId",
                table: "DealTermsProposals",
                column: "BaseVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_DealTermsProposals_DealId_State",
                table: "DealTermsProposals",
                columns: new[] { "DealId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_DealTermsProposals_ParentProposalId",
                table: "DealTermsProposals",
                column: "ParentProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_DealTermsProposals_PartnerId_State",
                table: "DealTermsProposals",
                columns: new[] { "PartnerId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_DealTermsProposals_ResultingVersionId",
                table: "DealTermsProposals",
                column: "ResultingVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_DealTermsProposals_State_Deadline",
                table: "DealTermsProposals",
                columns: new[] { "State", "Deadline" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DealTermsProposals");

            migrationBuilder.DropColumn(
                name: "PayoutsHeldReason",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "PayoutsHeldSince",
                table: "Partners");
        }
    }
}
