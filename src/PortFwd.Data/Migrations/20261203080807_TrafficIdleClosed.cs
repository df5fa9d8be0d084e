using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PortFwd.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrafficIdleClosed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "IdleClosed",
                table: "TrafficTotals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "IdleClosed",
                table: "TrafficMinutes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "IdleClosed",
                table: "TrafficHours",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IdleClosed",
                table: "TrafficTotals");

            migrationBuilder.DropColumn(
                name: "IdleClosed",
                table: "TrafficMinutes");

            migrationBuilder.DropColumn(
                name: "IdleClosed",
                table: "TrafficHours");
        }
    }
}
