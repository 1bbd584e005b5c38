using Microsoft.EntityFrameworkCore.Migrations;

namespace Yunying.Data.Schema;

/// <summary>Schema step 2: saved cohorts (用户分群) per project.</summary>
public static class CohortsSchema
{
    public static void Up(MigrationBuilder b, ColumnTypes t)
    {
        b.CreateTable(
            name: "cohorts",
            columns: c => new
            {
                id = c.Column<Guid>(t.Id),
                project_id = c.Column<Guid>(t.Id),
                name = c.Column<string>(t.Text),
                description = c.Column<string>(t.Text, nullable: true),
                definition = c.Column<string>(t.Text),
                created_at = c.Column<DateTime>(t.Timestamp),
                updated_at = c.Column<DateTime>(t.Timestamp),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_cohorts", x => x.id);
                k.ForeignKey("FK_cohorts_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateIndex("IX_cohorts_project_id", "cohorts", "project_id");
    }

    public static void Down(MigrationBuilder b) => b.DropTable("cohorts");
}
