using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using Yunying.Core.Results;
using Yunying.Data.Operators;
using Yunying.Data.Tenancy;
using Yunying.Server.Auth;
using Yunying.Server.Http;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard;

/// <summary>
/// Runs before every dashboard page handler: loads the operator and their projects into the
/// <see cref="DashboardShell"/>, and refuses a <c>{projectId}</c> page to anyone without a role in that project,
/// so no project page can forget the check.
/// </summary>
public sealed class ShellFilter(
    DashboardShell shell,
    OperatorService operators,
    ProjectService projects,
    IModelMetadataProvider metadata,
    IStringLocalizer<SharedResource> text) : IAsyncPageFilter
{
    public const string NoAccessViewPath = "/Dashboard/Pages/Shared/_NoAccess.cshtml";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var cancellationToken = http.RequestAborted;
        DashboardHeaders.Apply(http.Response);
        if (http.User.ToCaller() is { OperatorId: { } operatorId } caller)
        {
            shell.Account = await operators.FindAsync(operatorId, cancellationToken);
            if (shell.Account is null)
            {
                // The account was deleted while its session lived on.
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                context.Result = new RedirectResult("/login");
                return;
            }

            shell.Projects = await projects.ListAsync(caller, cancellationToken);
            if (context.RouteData.Values.TryGetValue("projectId", out var raw) && Guid.TryParse(raw?.ToString(), out var projectId))
            {
                var access = await projects.AuthorizeAsync(caller, projectId, _ => true, cancellationToken);
                if (!access.IsSuccess)
                {
                    context.Result = NoAccess(access.Error, context.ModelState);
                    return;
                }

                shell.Current = access.Value;
            }
        }

        await next();
    }

    private ViewResult NoAccess(Error error, ModelStateDictionary modelState)
    {
        var status = error.Kind.StatusCode();
        var message = status == StatusCodes.Status404NotFound ? text["NoAccess.NotFound"] : text["NoAccess.NotMember"];
        return new ViewResult
        {
            ViewName = NoAccessViewPath,
            StatusCode = status,
            ViewData = new ViewDataDictionary<NoAccessView>(metadata, modelState) { Model = new NoAccessView(status, message) },
        };
    }
}
