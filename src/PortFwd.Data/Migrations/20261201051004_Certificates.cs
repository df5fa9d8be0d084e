using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PortFwd.Data.Migrations
{
    /// <inheritdoc />
    public partial class Certificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CertificateId",
                table: "Rules",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Hsts",
                table: "Rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "HttpPort",
                table: "Rules",
                type: "INTEGER",
                nullable: false,
                // Rules saved before HTTPS existed redirect (once HTTPS is on) from the usual plain HTTP port.
                defaultValue: 80);

            migrationBuilder.AddColumn<bool>(
                name: "RedirectHttp",
                table: "Rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Tls",
                table: "Rules",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // Rules saved before HTTPS existed stay plain HTTP.
                defaultValue: "off");

            migrationBuilder.CreateTable(
                name: "Certificates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Names = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RuleId = table.Column<int>(type: "INTEGER", nullable: true),
                    ChainPem = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedKey = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Thumbprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NotBefore = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    NotAfter = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    RenewedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastRenewalAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastRenewalResult = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    LastRenewalMessage = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Certificates_Rules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "Rules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_RuleId",
                table: "Certificates",
                column: "RuleId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Certificates");

            migrationBuilder.DropColumn(
                name: "CertificateId",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "Hsts",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "HttpPort",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "RedirectHttp",
                table: "Rules");

            migrationBuilder.DropColumn(
                name: "Tls",
                table: "Rules");
        }
    }
}
