using Yunying.Data.Operators;

namespace Yunying.Data.Tenancy;

/// <summary>An operator belongs to an organisation and may create projects in it.</summary>
public sealed class OrganisationMember
{
    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public Guid OperatorId { get; set; }

    public Operator? Operator { get; set; }

    public bool IsOwner { get; set; }

    public DateTime CreatedAt { get; set; }
}
