using Microsoft.EntityFrameworkCore.Migrations;

namespace Yunying.Data.Schema;

/// <summary>
/// Schema step 1: organisations, operators, projects, members and personal tokens. Each provider's
/// migrations assembly has a migration that calls this with its own <see cref="ColumnTypes"/>.
/// </summary>
public static class InitialSchema
{
    public static void Up(MigrationBuilder b, ColumnTypes t)
    {
        b.CreateTable(
            name: "organisations",
            columns: c => new
            {
                id = c.Column<Guid>(t.Id),
                name = c.Column<string>(t.Text),
                created_at = c.Column<DateTime>(t.Timestamp),
            },
            constraints: k => k.PrimaryKey("PK_organisations", x => x.id));

        b.CreateTable(
            name: "operators",
            columns: c => new
            {
                id = c.Column<Guid>(t.Id),
                user_name = c.Column<string>(t.Text),
                normalized_user_name = c.Column<string>(t.Text),
                display_name = c.Column<string>(t.Text, nullable: true),
                password_hash = c.Column<string>(t.Text),
                is_administrator = c.Column<bool>(t.Boolean),
                locale = c.Column<string>(t.Text, nullable: true),
                failed_login_count = c.Column<int>(t.Integer),
                locked_until = c.Column<DateTime>(t.Timestamp, nullable: true),
                created_at = c.Column<DateTime>(t.Timestamp),
                last_login_at = c.Column<DateTime>(t.Timestamp, nullable: true),
            },
            constraints: k => k.PrimaryKey("PK_operators", x => x.id));

        b.CreateTable(
            name: "organisation_members",
            columns: c => new
            {
                organisation_id = c.Column<Guid>(t.Id),
                operator_id = c.Column<Guid>(t.Id),
                is_owner = c.Column<bool>(t.Boolean),
                created_at = c.Column<DateTime>(t.Timestamp),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_organisation_members", x => new { x.organisation_id, x.operator_id });
                k.ForeignKey("FK_organisation_members_operators_operator_id", x => x.operator_id, "operators", "id", onDelete: ReferentialAction.Cascade);
                k.ForeignKey("FK_organisation_members_organisations_organisation_id", x => x.organisation_id, "organisations", "id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "projects",
            columns: c => new
            {
                id = c.Column<Guid>(t.Id),
                organisation_id = c.Column<Guid>(t.Id),
                name = c.Column<string>(t.Text),
                time_zone = c.Column<string>(t.Text),
                currency = c.Column<string>(t.Text),
                write_key = c.Column<string>(t.Text),
                secret_key_hash = c.Column<string>(t.Text),
                secret_key_hint = c.Column<string>(t.Text),
                created_at = c.Column<DateTime>(t.Timestamp),
                keys_rotated_at = c.Column<DateTime>(t.Timestamp),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_projects", x => x.id);
                k.ForeignKey("FK_projects_organisations_organisation_id", x => x.organisation_id, "organisations", "id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "project_members",
            columns: c => new
            {
                project_id = c.Column<Guid>(t.Id),
                operator_id = c.Column<Guid>(t.Id),
                role = c.Column<string>(t.Text),
                created_at = c.Column<DateTime>(t.Timestamp),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_project_members", x => new { x.project_id, x.operator_id });
                k.ForeignKey("FK_project_members_operators_operator_id", x => x.operator_id, "operators", "id", onDelete: ReferentialAction.Cascade);
                k.ForeignKey("FK_project_members_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "personal_tokens",
            columns: c => new
            {
                id = c.Column<Guid>(t.Id),
                operator_id = c.Column<Guid>(t.Id),
                name = c.Column<string>(t.Text),
                token_hash = c.Column<string>(t.Text),
                token_hint = c.Column<string>(t.Text),
                created_at = c.Column<DateTime>(t.Timestamp),
                expires_at = c.Column<DateTime>(t.Timestamp, nullable: true),
                last_used_at = c.Column<DateTime>(t.Timestamp, nullable: true),
                revoked_at = c.Column<DateTime>(t.Timestamp, nullable: true),
            },
            constraints: k =>
            {
                k.PrimaryKey("PK_personal_tokens", x => x.id);
                k.ForeignKey("FK_personal_tokens_operators_operator_id", x => x.operator_id, "operators", "id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateIndex("IX_operators_normalized_user_name", "operators", "normalized_user_name", unique: true);
        b.CreateIndex("IX_organisation_members_operator_id", "organisation_members", "operator_id");
        b.CreateIndex("IX_projects_organisation_id", "projects", "organisation_id");
        b.CreateIndex("IX_projects_write_key", "projects", "write_key", unique: true);
        b.CreateIndex("IX_projects_secret_key_hash", "projects", "secret_key_hash", unique: true);
        b.CreateIndex("IX_project_members_operator_id", "project_members", "operator_id");
        b.CreateIndex("IX_personal_tokens_operator_id", "personal_tokens", "operator_id");
        b.CreateIndex("IX_personal_tokens_token_hash", "personal_tokens", "token_hash", unique: true);
    }

    public static void Down(MigrationBuilder b)
    {
        foreach (var table in new[] { "personal_tokens", "project_members", "projects", "organisation_members", "operators", "organisations" })
        {
            b.DropTable(table);
        }
    }
}
