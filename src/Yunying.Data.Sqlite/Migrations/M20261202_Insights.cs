using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Yunying.Data.Schema;

namespace Yunying.Data.Sqlite.Migrations;

[DbContext(typeof(YunyingDbContext))]
[Migration("20261202100000_Insights")]
public sealed class M20261202_Insights : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => InsightsSchema.Up(migrationBuilder, ColumnTypes.Sqlite);

    protected override void Down(MigrationBuilder migrationBuilder) => InsightsSchema.Down(migrationBuilder);
}
