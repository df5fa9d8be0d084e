using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PortFwd.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditTokenName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Token",
                table: "AuditLog",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Token",
                table: "AuditLog");
        }
    }
}
