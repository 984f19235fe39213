using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lagesbild.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotPassword",
                table: "Cameras",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotUserName",
                table: "Cameras",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AlarmSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AlarmId = table.Column<long>(type: "INTEGER", nullable: false),
                    CameraId = table.Column<int>(type: "INTEGER", nullable: false),
                    CameraName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FetchedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Image = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    FailureDetail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
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
