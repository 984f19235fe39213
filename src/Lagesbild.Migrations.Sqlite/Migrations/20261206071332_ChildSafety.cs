using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lagesbild.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChildSafety : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FindingJumpToldWeek",
                table: "Sites",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OverlapToldHours",
                table: "Sites",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PropertyContactEmail",
                table: "Sites",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PropertyContactOrganisationId",
                table: "Sites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PromiseOverdueAt",
                table: "ServiceRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sites_PropertyContactOrganisationId",
                table: "Sites",
                column: "PropertyContactOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_PromiseOverdueAt_ExpectedAt",
                table: "ServiceRequests",
                columns: new[] { "PromiseOverdueAt", "ExpectedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Sites_Organisations_PropertyContactOrganisationId",
                table: "Sites",
                column: "PropertyContactOrganisationId",
                principalTable: "Organisations",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Sites_Organisations_PropertyContactOrganisationId",
                table: "Sites");

            migrationBuilder.DropIndex(
                name: "IX_Sites_PropertyContactOrganisationId",
                table: "Sites");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_PromiseOverdueAt_ExpectedAt",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "FindingJumpToldWeek",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "OverlapToldHours",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "PropertyContactEmail",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "PropertyContactOrganisationId",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "PromiseOverdueAt",
                table: "ServiceRequests");
        }
    }
}
