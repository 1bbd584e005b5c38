namespace Yunying.Core.Tenancy;

/// <summary>
/// Who is asking: an operator (dashboard session or personal token), or a project's backend holding
/// that project's secret key. A project key is confined to its own project.
/// </summary>
public sealed record Caller(Guid? OperatorId, Guid? KeyProjectId)
{
    public static Caller ForOperator(Guid operatorId) => new(operatorId, null);

    public static Caller ForProjectKey(Guid projectId) => new(null, projectId);
}
