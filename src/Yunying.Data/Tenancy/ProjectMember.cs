using Yunying.Core.Tenancy;
using Yunying.Data.Operators;

namespace Yunying.Data.Tenancy;

/// <summary>An operator's role in a project. No row, no access.</summary>
public sealed class ProjectMember
{
    public Guid ProjectId { get; set; }

    public Project? Project { get; set; }

    public Guid OperatorId { get; set; }

    public Operator? Operator { get; set; }

    public ProjectRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
