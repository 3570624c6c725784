using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PayoutsHeldSince",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DealTermsProposals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DealId = table.Column<int>(type: "INTEGER", nullable: false),
                    PartnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    BaseVersionId = table.Column<int>(type: "INTEGER", nullable: true),
                    BaseVersionNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    ParentProposalId = table.Column<int>(type: "INTEGER", nullable: true),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AfterDeadline = table.Column<int>(type: "INTEGER", nullable: false),
                    HoldsPayoutsPastDeadline = table.Column<bool>(type: "INTEGER", nullable: false),
                    NoticeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ShortNoticeReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ProposedById = table.Column<string>(type: "TEXT", nullable: true),
                    ProposedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CpaAmount = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    RevSharePercent = table.Column<double>(type: "REAL", precision: 18, scale: 4, nullable: true),
                    SubIbSharePercent = table.Column<double>(type: "REAL", precision: 18, scale: 4, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LotRates = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ResultingVersionId = table.Column<int>(type: "INTEGER", nullable: true),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AnsweredById = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AnsweredFromIp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    WithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnById = table.Column<string>(type: "TEXT", nullable: true),
                    ExpiredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReminderSentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
