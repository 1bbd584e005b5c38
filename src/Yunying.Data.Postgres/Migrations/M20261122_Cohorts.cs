using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Yunying.Data.Schema;

namespace Yunying.Data.Postgres.Migrations;

[DbContext(typeof(YunyingDbContext))]
[Migration("20261122100000_Cohorts")]
public sealed class M20261122_Cohorts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => CohortsSchema.Up(migrationBuilder, ColumnTypes.Postgres);

    protected override void Down(MigrationBuilder migrationBuilder) => CohortsSchema.Down(migrationBuilder);
}
