using Yunying.Core.Tenancy;

namespace Yunying.Data.Tenancy;

/// <summary>A project member as listed to operators.</summary>
public sealed record MemberView(Guid OperatorId, string UserName, string? DisplayName, ProjectRole Role, DateTime Since);
