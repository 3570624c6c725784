using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RestrictSegmentDeleteUnderCreative : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CreativeVisibility_Segments_SegmentId",
                table: "CreativeVisibility");

            migrationBuilder.AddForeignKey(
                name: "FK_CreativeVisibility_Segments_SegmentId",
                table: "CreativeVisibility",
                column: "SegmentId",
                principalTable: "Segments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CreativeVisibility_Segments_SegmentId",
                table: "CreativeVisibility");

            migrationBuilder.AddForeignKey(
                name: "FK_CreativeVisibility_Segments_SegmentId",
                table: "CreativeVisibility",
                column: "SegmentId",
                principalTable: "Segments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
