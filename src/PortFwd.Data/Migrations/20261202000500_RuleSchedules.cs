using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PortFwd.Data.Migrations
{
    /// <inheritdoc />
    public partial class RuleSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Null in all three: no schedule, the rule is on whenever it is enabled (every rule saved before schedules existed).
            migrationBuilder.AddColumn<int>(
                name: "ScheduleDays",
                table: "Rules",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "ScheduleFrom",
                table: "Rules",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "ScheduleTo",
                table: "Rules",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScheduleDays",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "ScheduleFrom",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "ScheduleTo",
                table: "Rules");
        }
    }
}
