using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Yunying.Core.Results;
using Yunying.Core.Tenancy;
using Yunying.Data.Tenancy;
using Yunying.Server.Auth;
using Yunying.Server.Http;

namespace Yunying.Server.Projects;

/// <summary>Admin API for projects: settings, keys and members.</summary>
public static class ProjectEndpoints
{
    public static RouteGroupBuilder MapProjectEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization();
        group.MapGet("/", ListProjects).WithSummary("Lists the projects the caller has a role in.");
        group.MapPost("/", CreateProject).WithSummary("Creates a project; the caller becomes its owner. The secret key is returned this once.");
        group.MapGet("/{projectId:guid}", GetProject).WithSummary("Gets one project.");
        group.MapPatch("/{projectId:guid}", UpdateProject).WithSummary("Changes a project's name, time zone or currency (owner, admin).");
        group.MapPost("/{projectId:guid}/write-key/rotate", RotateWriteKey).WithSummary("Replaces the public write key (owner, admin).");
        group.MapPost("/{projectId:guid}/secret-key/rotate", RotateSecretKey).WithSummary("Replaces the secret key and returns it this once (owner, admin).");
        group.MapGet("/{projectId:guid}/members", ListMembers).WithSummary("Lists the project's members and roles.");
        group.MapPut("/{projectId:guid}/members/{userName}", SetMember).WithSummary("Gives an operator a role in the project, or changes it (owner, admin).");
        group.MapDelete("/{projectId:guid}/members/{userName}", RemoveMember).WithSummary("Takes an operator's role in the project away (owner, admin).");
        return group;
    }

    private static async Task<Ok<ProjectResponse[]>> ListProjects(ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken)
    {
        var list = await projects.ListAsync(user.RequireCaller(), cancellationToken);
        return TypedResults.Ok(list.Select(ProjectResponse.From).ToArray());
    }

    private static async Task<Results<Created<CreatedProjectResponse>, ProblemHttpResult>> CreateProject(
        CreateProjectRequest? request, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.BadBody("Send a JSON body such as {\"name\": \"My app\"}.");
        }

        var created = await projects.CreateAsync(user.RequireCaller(), request.OrganisationId, request.Name, request.TimeZone, request.Currency, cancellationToken);
        if (!created.IsSuccess)
        {
            return created.Error.ToProblem();
        }

        var (project, secretKey) = created.Value;
        return TypedResults.Created($"/api/projects/{project.Id}", CreatedProjectResponse.From(project, secretKey));
    }

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetProject(
        Guid projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        Answers.Of(await projects.AuthorizeAsync(user.RequireCaller(), projectId, _ => true, cancellationToken), ProjectResponse.From);

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> UpdateProject(
        Guid projectId, UpdateProjectRequest? request, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.BadBody("Send a JSON body with any of name, timeZone and currency.");
        }

        return Answers.Of(await projects.UpdateAsync(user.RequireCaller(), projectId, request.Name, request.TimeZone, request.Currency, cancellationToken), ProjectResponse.From);
    }

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> RotateWriteKey(
        Guid projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        Answers.Of(await projects.RotateWriteKeyAsync(user.RequireCaller(), projectId, cancellationToken), ProjectResponse.From);

    private static async Task<Results<Ok<SecretKeyResponse>, ProblemHttpResult>> RotateSecretKey(
        Guid projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        Answers.Of(
            await projects.RotateSecretKeyAsync(user.RequireCaller(), projectId, cancellationToken),
            r => new SecretKeyResponse(r.Access.Project.Id, r.SecretKey, r.Access.Project.SecretKeyHint, r.Access.Project.KeysRotatedAt));

    private static async Task<Results<Ok<MemberResponse[]>, ProblemHttpResult>> ListMembers(
        Guid projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        Answers.Of(await projects.ListMembersAsync(user.RequireCaller(), projectId, cancellationToken), members => members.Select(MemberResponse.From).ToArray());

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> SetMember(
        Guid projectId, string userName, SetMemberRequest? request, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken)
    {
        if (!ProjectRoles.TryParse(request?.Role, out var role))
        {
            var names = string.Join(", ", ProjectRoles.All.Select(r => r.Name()));
            return Error.Validation("member.role_invalid", $"A role is one of: {names}.", "role").ToProblem();
        }

        return Answers.Of(await projects.SetMemberAsync(user.RequireCaller(), projectId, userName, role, cancellationToken), MemberResponse.From);
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> RemoveMember(
        Guid projectId, string userName, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        Answers.Of(await projects.RemoveMemberAsync(user.RequireCaller(), projectId, userName, cancellationToken), MemberResponse.From);
}
