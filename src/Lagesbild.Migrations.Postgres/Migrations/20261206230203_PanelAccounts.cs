using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lagesbild.Migrations.Postgres.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Account = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Receiver = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    Prefix = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    SensorId = table.Column<int>(type: "integer", nullable: false),
                    ProtectedKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    SupervisionSeconds = table.Column<int>(type: "integer", nullable: false),
                    GraceSeconds = table.Column<int>(type: "integer", nullable: false),
                    LastMessageAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LineFaultAlarmId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<int>(type: "integer", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PanelAccountId = table.Column<int>(type: "integer", nullable: false),
                    Zone = table.Column<int>(type: "integer", nullable: false),
                    SensorId = table.Column<int>(type: "integer", nullable: false)
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
