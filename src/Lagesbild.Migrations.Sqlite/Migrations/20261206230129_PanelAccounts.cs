using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lagesbild.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PanelAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PanelAccounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Account = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Receiver = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    SensorId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProtectedKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SupervisionSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    GraceSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    LastMessageAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LineFaultAlarmId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelAccounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PanelAccounts_Sensors_SensorId",
                        column: x => x.SensorId,
                        principalTable: "Sensors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PanelAccounts_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PanelZones",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PanelAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    Zone = table.Column<int>(type: "INTEGER", nullable: false),
                    SensorId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelZones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PanelZones_PanelAccounts_PanelAccountId",
                        column: x => x.PanelAccountId,
                        principalTable: "PanelAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PanelZones_Sensors_SensorId",
                        column: x => x.SensorId,
                        principalTable: "Sensors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PanelAccounts_Account",
                table: "PanelAccounts",
                column: "Account",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PanelAccounts_CreatedById_IdempotencyKey",
                table: "PanelAccounts",
                columns: new[] { "CreatedById", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PanelAccounts_SensorId",
                table: "PanelAccounts",
                column: "SensorId");

            migrationBuilder.CreateIndex(
                name: "IX_PanelAccounts_SiteId",
                table: "PanelAccounts",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_PanelZones_PanelAccountId_Zone",
                table: "PanelZones",
                columns: new[] { "PanelAccountId", "Zone" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PanelZones_SensorId",
                table: "PanelZones",
                column: "SensorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PanelZones");

            migrationBuilder.DropTable(
                name: "PanelAccounts");
        }
    }
}
