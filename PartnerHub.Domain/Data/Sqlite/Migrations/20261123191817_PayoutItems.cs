using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PayoutItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PayoutItems",
                columns: table => new
                {
                    PayoutId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommissionLineId = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PayoutItems", x => new { x.PayoutId, x.CommissionLineId });
                    table.ForeignKey(
                        name: "FK_PayoutItems_CommissionLines_CommissionLineId",
                        column: x => x.CommissionLineId,
                        principalTable: "CommissionLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PayoutItems_Payouts_PayoutId",
                        column: x => x.PayoutId,
                        principalTable: "Payouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PayoutItems_CommissionLineId",
                table: "PayoutItems",
                column: "CommissionLineId");

            // Payouts made before this table existed: their current lines are what they contained.
            migrationBuilder.Sql(
                "INSERT INTO PayoutItems (PayoutId, CommissionLineId, Amount) " +
                "SELECT PayoutId, Id, Amount FROM CommissionLines WHERE PayoutId IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PayoutItems");
        }
    }
}
