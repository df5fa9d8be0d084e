using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PortFwd.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrafficHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TrafficHours",
                columns: table => new
                {
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesIn = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesOut = table.Column<long>(type: "INTEGER", nullable: false),
                    Connections = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    UpstreamFailed = table.Column<long>(type: "INTEGER", nullable: false),
                    DatagramsIn = table.Column<long>(type: "INTEGER", nullable: false),
                    DatagramsOut = table.Column<long>(type: "INTEGER", nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    Status2xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status3xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status4xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status5xx = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    PeakActive = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrafficHours", x => new { x.RuleId, x.Start });
                    table.ForeignKey(
                        name: "FK_TrafficHours_Rules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "Rules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrafficMinutes",
                columns: table => new
                {
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesIn = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesOut = table.Column<long>(type: "INTEGER", nullable: false),
                    Connections = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    UpstreamFailed = table.Column<long>(type: "INTEGER", nullable: false),
                    DatagramsIn = table.Column<long>(type: "INTEGER", nullable: false),
                    DatagramsOut = table.Column<long>(type: "INTEGER", nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    Status2xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status3xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status4xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status5xx = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    PeakActive = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrafficMinutes", x => new { x.RuleId, x.Start });
                    table.ForeignKey(
                        name: "FK_TrafficMinutes_Rules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "Rules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrafficTotals",
                columns: table => new
                {
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    BytesIn = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesOut = table.Column<long>(type: "INTEGER", nullable: false),
                    Connections = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    UpstreamFailed = table.Column<long>(type: "INTEGER", nullable: false),
                    DatagramsIn = table.Column<long>(type: "INTEGER", nullable: false),
                    DatagramsOut = table.Column<long>(type: "INTEGER", nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    Status2xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status3xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status4xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status5xx = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyMicros = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrafficTotals", x => x.RuleId);
                    table.ForeignKey(
                        name: "FK_TrafficTotals_Rules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "Rules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrafficHours_Start",
                table: "TrafficHours",
                column: "Start");

            migrationBuilder.CreateIndex(
                name: "IX_TrafficMinutes_Start",
                table: "TrafficMinutes",
                column: "Start");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TrafficHours");

            migrationBuilder.DropTable(
                name: "TrafficMinutes");

            migrationBuilder.DropTable(
                name: "TrafficTotals");
        }
    }
}
