using Yunying.Core.Tenancy;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Dashboard;

/// <summary>
/// What the layout shows around every page: the signed-in operator, the projects for the switcher and the
/// project being looked at. <see cref="ShellFilter"/> fills it once per request, before the page handler runs.
/// </summary>
public sealed class DashboardShell
{
    public Operator? Account { get; set; }

    public IReadOnlyList<ProjectAccess> Projects { get; set; } = [];

    /// <summary>The project in the route, with the operator's role in it; null on pages outside a project.</summary>
    public ProjectAccess? Current { get; set; }

    /// <summary>The project the navigation links lead into: the current one, else the operator's first.</summary>
    public ProjectAccess? NavigationProject => Current ?? Projects.FirstOrDefault();

    public Caller Caller => Caller.ForOperator(Account?.Id ?? throw new InvalidOperationException("The dashboard shell has no operator."));

    public string OperatorName => Account is null ? string.Empty : Account.DisplayName ?? Account.UserName;
}
