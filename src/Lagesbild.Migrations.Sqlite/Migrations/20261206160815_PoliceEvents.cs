using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lagesbild.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PoliceEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PoliceEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PoliceId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LocationName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FeedLat = table.Column<double>(type: "REAL", nullable: false),
                    FeedLon = table.Column<double>(type: "REAL", nullable: false),
                    Lat = table.Column<double>(type: "REAL", nullable: false),
                    Lon = table.Column<double>(type: "REAL", nullable: false),
                    Placement = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DistrictId = table.Column<int>(type: "INTEGER", nullable: true),
                    NamedAs = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoliceEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PoliceEvents_Districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "Districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PoliceEvents_At",
                table: "PoliceEvents",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_PoliceEvents_DistrictId",
                table: "PoliceEvents",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_PoliceEvents_PoliceId",
                table: "PoliceEvents",
                column: "PoliceId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PoliceEvents");
        }
    }
}
