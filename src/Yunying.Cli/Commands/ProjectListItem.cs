using Yunying.Data.Tenancy;

namespace Yunying.Cli.Commands;

/// <summary>A row of <c>project list</c>.</summary>
public sealed record ProjectListItem(
    Guid Id, string Name, Guid OrganisationId, string? Organisation, string TimeZone, string Currency, string WriteKey, string SecretKeyHint, string? Role, DateTime CreatedAt)
{
    public static ProjectListItem From(Project p, string? role) =>
        new(p.Id, p.Name, p.OrganisationId, p.Organisation?.Name, p.TimeZone, p.Currency, p.WriteKey, p.SecretKeyHint, role, p.CreatedAt);
}
