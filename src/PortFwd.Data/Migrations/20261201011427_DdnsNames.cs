using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PortFwd.Data.Migrations
{
    /// <inheritdoc />
    public partial class DdnsNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DdnsNames",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HostName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Server = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Ipv4 = table.Column<bool>(type: "INTEGER", nullable: false),
                    Ipv6 = table.Column<bool>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConfirmBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ProtectedPassword = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedToken = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DdnsNames", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DdnsUpdates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NameId = table.Column<int>(type: "INTEGER", nullable: false),
                    Time = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DdnsUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DdnsUpdates_DdnsNames_NameId",
                        column: x => x.NameId,
                        principalTable: "DdnsNames",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DdnsNames_HostName_Provider",
                table: "DdnsNames",
                columns: new[] { "HostName", "Provider" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DdnsUpdates_NameId_Id",
                table: "DdnsUpdates",
                columns: new[] { "NameId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DdnsUpdates");

            migrationBuilder.DropTable(
                name: "DdnsNames");
        }
    }
}
