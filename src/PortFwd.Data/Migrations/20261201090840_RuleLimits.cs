using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PortFwd.Data.Migrations
{
    /// <inheritdoc />
    public partial class RuleLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxConnections",
                table: "Rules",
                type: "INTEGER",
                nullable: false,
                // Rules saved before limits existed keep the relay's cap they always had.
                defaultValue: 1024);

            migrationBuilder.AddColumn<int>(
                name: "MaxConnectionsPerSource",
                table: "Rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ProxyProtocol",
                table: "Rules",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                // Rules saved before the PROXY protocol existed send no header.
                defaultValue: "off");

            migrationBuilder.AddColumn<int>(
                name: "RateLimitInKBps",
                table: "Rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitOutKBps",
                table: "Rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxConnections",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "MaxConnectionsPerSource",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "ProxyProtocol",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "RateLimitInKBps",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "RateLimitOutKBps",
                table: "Rules");
        }
    }
}
