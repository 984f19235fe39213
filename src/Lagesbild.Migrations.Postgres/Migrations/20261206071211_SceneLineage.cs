using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lagesbild.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SceneLineage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConfirmedAt",
                table: "SceneStatusEntries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmedByName",
                table: "SceneStatusEntries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConfirmedByUserId",
                table: "SceneStatusEntries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "SceneStatusEntries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ProposalId",
                table: "SceneStatusEntries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestHash",
                table: "SceneStatusEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SceneAreas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SceneId = table.Column<int>(type: "integer", nullable: false),
                    Area = table.Column<Polygon>(type: "geometry(Polygon,4326)", nullable: false),
                    From = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    ByUserId = table.Column<int>(type: "integer", nullable: true),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SceneAreas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SceneAreas_Scenes_SceneId",
                        column: x => x.SceneId,
                        principalTable: "Scenes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SceneLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FromSceneId = table.Column<int>(type: "integer", nullable: false),
                    ToSceneId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ByUserId = table.Column<int>(type: "integer", nullable: true),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SceneLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SceneLinks_Scenes_FromSceneId",
                        column: x => x.FromSceneId,
                        principalTable: "Scenes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SceneLinks_Scenes_ToSceneId",
                        column: x => x.ToSceneId,
                        principalTable: "Scenes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SceneStatusProposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SceneId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ConfirmingParty = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProposedByUserId = table.Column<int>(type: "integer", nullable: false),
                    ProposedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProposedByOrganisationId = table.Column<int>(type: "integer", nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DecidedByUserId = table.Column<int>(type: "integer", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SceneStatusProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SceneStatusProposals_Scenes_SceneId",
                        column: x => x.SceneId,
                        principalTable: "Scenes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SceneStatusEntries_ByUserId_IdempotencyKey",
                table: "SceneStatusEntries",
                columns: new[] { "ByUserId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SceneAreas_SceneId_From",
                table: "SceneAreas",
                columns: new[] { "SceneId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_SceneLinks_ByUserId_IdempotencyKey",
                table: "SceneLinks",
                columns: new[] { "ByUserId", "IdempotencyKey" });

            migrationBuilder.CreateIndex(
                name: "IX_SceneLinks_FromSceneId",
                table: "SceneLinks",
                column: "FromSceneId");

            migrationBuilder.CreateIndex(
                name: "IX_SceneLinks_ToSceneId",
                table: "SceneLinks",
                column: "ToSceneId");

            migrationBuilder.CreateIndex(
                name: "IX_SceneStatusProposals_ProposedByUserId_IdempotencyKey",
                table: "SceneStatusProposals",
                columns: new[] { "ProposedByUserId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SceneStatusProposals_SceneId_State",
                table: "SceneStatusProposals",
                columns: new[] { "SceneId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SceneAreas");

            migrationBuilder.DropTable(
                name: "SceneLinks");

            migrationBuilder.DropTable(
                name: "SceneStatusProposals");

            migrationBuilder.DropIndex(
                name: "IX_SceneStatusEntries_ByUserId_IdempotencyKey",
                table: "SceneStatusEntries");

            migrationBuilder.DropColumn(
                name: "ConfirmedAt",
                table: "SceneStatusEntries");

            migrationBuilder.DropColumn(
                name: "ConfirmedByName",
                table: "SceneStatusEntries");

            migrationBuilder.DropColumn(
                name: "ConfirmedByUserId",
                table: "SceneStatusEntries");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "SceneStatusEntries");

            migrationBuilder.DropColumn(
                name: "ProposalId",
                table: "SceneStatusEntries");

            migrationBuilder.DropColumn(
                name: "RequestHash",
                table: "SceneStatusEntries");
        }
    }
}
