using Microsoft.EntityFrameworkCore.Migrations;

namespace Yunying.Data.Schema;

/// <summary>Schema step 3: saved insights and dashboards (看板) with their tiles, per project.</summary>
public static class InsightsSchema
{
    public static void Up(MigrationBuilder b, ColumnTypes t)
    {
        b.CreateTable(
            name: "insights",
            columns: c => new
            {
                id = c.Column<Guid>(t.Id),
                project_id = c.Column<Guid>(t.Id),
                name = c.Column<string>(t.Text),
                description = c.Column<string>(t.Text, nullable: true),
                query = c.Column<string>(t.Text),
                display = c.Column<string>(t.Text, nullable: true),
                created_at = c.Column<DateTime>(t.Timestamp),
                updated_at = c.Column<DateTime>(t.Timestamp),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_insights", x => x.id);
                k.ForeignKey("FK_insights_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_insights_project_id", "insights", "project_id");

        b.CreateTable(
            name: "dashboards",
            columns: c => new
            {
                id = c.Column<Guid>(t.Id),
                project_id = c.Column<Guid>(t.Id),
                name = c.Column<string>(t.Text),
                description = c.Column<string>(t.Text, nullable: true),
                date_from = c.Column<string>(t.Text, nullable: true),
                date_to = c.Column<string>(t.Text, nullable: true),
                created_at = c.Column<DateTime>(t.Timestamp),
                updated_at = c.Column<DateTime>(t.Timestamp),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_dashboards", x => x.id);
                k.ForeignKey("FK_dashboards_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_dashboards_project_id", "dashboards", "project_id");

        b.CreateTable(
            name: "dashboard_tiles",
            columns: c => new
            {
                dashboard_id = c.Column<Guid>(t.Id),
                insight_id = c.Column<Guid>(t.Id),
                position = c.Column<int>(t.Integer),
                width = c.Column<int>(t.Integer),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_dashboard_tiles", x => new { x.dashboard_id, x.insight_id });
                k.ForeignKey("FK_dashboard_tiles_dashboards_dashboard_id", x => x.dashboard_id, "dashboards", "id", onDelete: ReferentialAction.Cascade);
                k.ForeignKey("FK_dashboard_tiles_insights_insight_id", x => x.insight_id, "insights", "id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_dashboard_tiles_insight_id", "dashboard_tiles", "insight_id");
    }

    public static void Down(MigrationBuilder b)
    {
        b.DropTable("dashboard_tiles");
        b.DropTable("dashboards");
        b.DropTable("insights");
    }
}
