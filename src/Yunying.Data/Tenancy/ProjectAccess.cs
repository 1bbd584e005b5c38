using Yunying.Core.Tenancy;

namespace Yunying.Data.Tenancy;

/// <summary>A project together with the caller's role in it.</summary>
public sealed record ProjectAccess(Project Project, ProjectRole Role);
