using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lagesbild.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class GovernedSharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Observations_Picture",
                table: "Observations");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CulledAt",
                table: "ServiceRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ForwardedAt",
                table: "ServiceRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ForwardedTo",
                table: "ServiceRequests",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReceivedAt",
                table: "ServiceRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Classification",
                table: "SceneNotes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "OrganisationId",
                table: "SceneNotes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CulledAt",
                table: "Observations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Observations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WithdrawnAt",
                table: "Observations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ActorName",
                table: "AuditEntries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Count",
                table: "AuditEntries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "OrganisationId",
                table: "AuditEntries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "AuditEntries",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "AuditEntries",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Route",
                table: "AuditEntries",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GuardContracts",
                columns: table => new
                {
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuardContracts", x => new { x.OrganisationId, x.SiteId });
                    table.ForeignKey(
                        name: "FK_GuardContracts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GuardContracts_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObservationRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ObservationId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ByUserId = table.Column<int>(type: "integer", nullable: true),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Before = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservationRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObservationRevisions_Observations_ObservationId",
                        column: x => x.ObservationId,
                        principalTable: "Observations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrganisationAreas",
                columns: table => new
                {
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    DistrictId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationAreas", x => new { x.OrganisationId, x.DistrictId });
                    table.ForeignKey(
                        name: "FK_OrganisationAreas_Districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "Districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OrganisationAreas_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    DataType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LastRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastCulled = table.Column<int>(type: "integer", nullable: false),
                    TotalCulled = table.Column<long>(type: "bigint", nullable: false),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.DataType);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ForwardedTo_ReceivedAt",
                table: "ServiceRequests",
                columns: new[] { "ForwardedTo", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Observations_Picture",
                table: "Observations",
                columns: new[] { "OccurredFrom", "OccurredTo", "Classification", "Category", "CellKey", "HourOfWeek", "HoursMask0", "HoursMask1", "HoursMask2", "DistrictId", "WithdrawnAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Observations_Source_ReportedAt",
                table: "Observations",
                columns: new[] { "Source", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Owner_At",
                table: "AuditEntries",
                columns: new[] { "Owner", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_GuardContracts_SiteId",
                table: "GuardContracts",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_ObservationRevisions_ObservationId_Version",
                table: "ObservationRevisions",
                columns: new[] { "ObservationId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationAreas_DistrictId",
                table: "OrganisationAreas",
                column: "DistrictId");
        
            // Data written before the tiers: notes were Internal, observations were version 1, and the audit entries were
            // the police's (only Restricted writes and reads were logged); their chain is linked at start (DataStore).
            migrationBuilder.Sql("UPDATE \"SceneNotes\" SET \"Classification\" = 'Internal' WHERE \"Classification\" = ''");
            migrationBuilder.Sql("UPDATE \"Observations\" SET \"Version\" = 1 WHERE \"Version\" = 0");
            migrationBuilder.Sql("UPDATE \"AuditEntries\" SET \"Owner\" = 'Police', \"Count\" = 1 WHERE \"Owner\" = ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GuardContracts");

            migrationBuilder.DropTable(
                name: "ObservationRevisions");

            migrationBuilder.DropTable(
                name: "OrganisationAreas");

            migrationBuilder.DropTable(
                name: "RetentionRuns");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_ForwardedTo_ReceivedAt",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_Observations_Picture",
                table: "Observations");

            migrationBuilder.DropIndex(
                name: "IX_Observations_Source_ReportedAt",
                table: "Observations");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Owner_At",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "CulledAt",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "ForwardedAt",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "ForwardedTo",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "Classification",
                table: "SceneNotes");

            migrationBuilder.DropColumn(
                name: "OrganisationId",
                table: "SceneNotes");

            migrationBuilder.DropColumn(
                name: "CulledAt",
                table: "Observations");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Observations");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "Observations");

            migrationBuilder.DropColumn(
                name: "ActorName",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Count",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "OrganisationId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Route",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_Observations_Picture",
                table: "Observations",
                columns: new[] { "OccurredFrom", "OccurredTo", "Classification", "Category", "CellKey", "HourOfWeek", "HoursMask0", "HoursMask1", "HoursMask2", "DistrictId" });
        }
    }
}
