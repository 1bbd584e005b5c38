using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Yunying.Core.Tenancy;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;

namespace Yunying.Data;

/// <summary>
/// The state store: one context for every provider. Table and column names are snake_case and set
/// here, so the hand-written migrations of each provider (see docs/architecture.md) name the same things.
/// </summary>
public sealed class YunyingDbContext(DbContextOptions<YunyingDbContext> options) : DbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationMember> OrganisationMembers => Set<OrganisationMember>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();

    public DbSet<Operator> Operators => Set<Operator>();

    public DbSet<PersonalToken> PersonalTokens => Set<PersonalToken>();

    public DbSet<Analytics.SavedCohort> Cohorts => Set<Analytics.SavedCohort>();

    public DbSet<Analytics.SavedInsight> Insights => Set<Analytics.SavedInsight>();

    public DbSet<Analytics.SavedDashboard> Dashboards => Set<Analytics.SavedDashboard>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back without a kind; everything stored is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organisation>(e =>
        {
            e.ToTable("organisations");
            e.HasKey(o => o.Id);
        });

        modelBuilder.Entity<OrganisationMember>(e =>
        {
            e.ToTable("organisation_members");
            e.HasKey(m => new { m.OrganisationId, m.OperatorId });
            e.HasOne(m => m.Organisation).WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Operator).WithMany().HasForeignKey(m => m.OperatorId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => m.OperatorId);
        });

        modelBuilder.Entity<Project>(e =>
        {
            e.ToTable("projects");
            e.HasKey(p => p.Id);
            e.HasOne(p => p.Organisation).WithMany(o => o.Projects).HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => p.OrganisationId);
            e.HasIndex(p => p.WriteKey).IsUnique();
            e.HasIndex(p => p.SecretKeyHash).IsUnique();
        });

        modelBuilder.Entity<ProjectMember>(e =>
        {
            e.ToTable("project_members");
            e.HasKey(m => new { m.ProjectId, m.OperatorId });
            e.Property(m => m.Role).HasConversion(r => r.Name(), s => Enum.Parse<ProjectRole>(s, true));
            e.HasOne(m => m.Project).WithMany(p => p.Members).HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Operator).WithMany().HasForeignKey(m => m.OperatorId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => m.OperatorId);
        });

        modelBuilder.Entity<Operator>(e =>
        {
            e.ToTable("operators");
            e.HasKey(o => o.Id);
            e.HasIndex(o => o.NormalizedUserName).IsUnique();
        });

        modelBuilder.Entity<PersonalToken>(e =>
        {
            e.ToTable("personal_tokens");
            e.HasKey(t => t.Id);
            e.HasOne(t => t.Operator).WithMany().HasForeignKey(t => t.OperatorId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.OperatorId);
        });

        modelBuilder.Entity<Analytics.SavedCohort>(e =>
        {
            e.ToTable("cohorts");
            e.HasKey(c => c.Id);
            e.HasOne(c => c.Project).WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.ProjectId);
        });

        modelBuilder.Entity<Analytics.SavedInsight>(e =>
        {
            e.ToTable("insights");
            e.HasKey(i => i.Id);
            e.HasOne(i => i.Project).WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(i => i.ProjectId);
        });

        modelBuilder.Entity<Analytics.SavedDashboard>(e =>
        {
            e.ToTable("dashboards");
            e.HasKey(d => d.Id);
            e.HasOne(d => d.Project).WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => d.ProjectId);
            e.HasMany(d => d.Tiles).WithOne().HasForeignKey(t => t.DashboardId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Analytics.SavedDashboardTile>(e =>
        {
            e.ToTable("dashboard_tiles");
            e.HasKey(t => new { t.DashboardId, t.InsightId });
            e.HasOne(t => t.Insight).WithMany().HasForeignKey(t => t.InsightId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.InsightId);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
