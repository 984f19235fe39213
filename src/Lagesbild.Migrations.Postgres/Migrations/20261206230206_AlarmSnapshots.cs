using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lagesbild.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AlarmSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OnvifUrl",
                table: "Cameras",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotPassword",
                table: "Cameras",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotUserName",
                table: "Cameras",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AlarmSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AlarmId = table.Column<long>(type: "bigint", nullable: false),
                    CameraId = table.Column<int>(type: "integer", nullable: false),
                    CameraName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FetchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Image = table.Column<byte[]>(type: "bytea", nullable: true),
                    Failure = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FailureDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlarmSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlarmSnapshots_Alarms_AlarmId",
                        column: x => x.AlarmId,
                        principalTable: "Alarms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AlarmSnapshots_Cameras_CameraId",
                        column: x => x.CameraId,
                        principalTable: "Cameras",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlarmSnapshots_AlarmId",
                table: "AlarmSnapshots",
                column: "AlarmId");

            migrationBuilder.CreateIndex(
                name: "IX_AlarmSnapshots_CameraId_FetchedAt",
                table: "AlarmSnapshots",
                columns: new[] { "CameraId", "FetchedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlarmSnapshots");

            migrationBuilder.DropColumn(
                name: "OnvifUrl",
                table: "Cameras");

            migrationBuilder.DropColumn(
                name: "SnapshotPassword",
                table: "Cameras");

            migrationBuilder.DropColumn(
                name: "SnapshotUserName",
                table: "Cameras");
        }
    }
}
