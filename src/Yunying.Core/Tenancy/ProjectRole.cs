namespace Yunying.Core.Tenancy;

/// <summary>An operator's role in one project. Roles follow the operations jobs in the glossary.</summary>
public enum ProjectRole
{
    Viewer = 0,
    Community = 1,
    Content = 2,
    Growth = 3,
    Analyst = 4,
    Admin = 5,
    Owner = 6,
}
