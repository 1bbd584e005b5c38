using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Yunying.Data.Schema;

namespace Yunying.Data.Sqlite.Migrations;

[DbContext(typeof(YunyingDbContext))]
[Migration("20261122000000_Initial")]
public sealed class M20261122_Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => InitialSchema.Up(migrationBuilder, ColumnTypes.Sqlite);

    protected override void Down(MigrationBuilder migrationBuilder) => InitialSchema.Down(migrationBuilder);
}
