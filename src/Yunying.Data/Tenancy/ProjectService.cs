using Microsoft.EntityFrameworkCore;
using Yunying.Core.Results;
using Yunying.Core.Security;
using Yunying.Core.Tenancy;
using Yunying.Data.Operators;

namespace Yunying.Data.Tenancy;

/// <summary>
/// Organisations, projects, their keys and members. Every read and write goes through the caller's
/// role in the project, so one project's data is never reachable with another project's credentials.
/// </summary>
public sealed class ProjectService(YunyingDbContext db, TimeProvider clock)
{
    public async Task<Organisation> CreateOrganisationAsync(string name, Guid ownerId, CancellationToken cancellationToken)
    {
        var organisation = new Organisation { Id = NewId(), Name = name.Trim(), CreatedAt = Now() };
        db.Organisations.Add(organisation);
        db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisation.Id, OperatorId = ownerId, IsOwner = true, CreatedAt = Now() });
        await db.SaveChangesAsync(cancellationToken);
        return organisation;
    }

    /// <summary>
    /// A single-organisation install needs no organisation administration: a new account joins the
    /// first organisation, which is made (owned by that account) when none exists yet.
    /// </summary>
    public async Task<Guid> JoinFirstOrganisationAsync(Guid operatorId, bool asOwner, CancellationToken cancellationToken)
    {
        var first = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (first is not { } organisationId)
        {
            return (await CreateOrganisationAsync("My organisation", operatorId, cancellationToken)).Id;
        }

        if (!await db.OrganisationMembers.AnyAsync(m => m.OrganisationId == organisationId && m.OperatorId == operatorId, cancellationToken))
        {
            db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisationId, OperatorId = operatorId, IsOwner = asOwner, CreatedAt = Now() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return organisationId;
    }

    public Task<List<Organisation>> ListOrganisationsAsync(Guid operatorId, CancellationToken cancellationToken) =>
        db.OrganisationMembers.AsNoTracking()
            .Where(m => m.OperatorId == operatorId)
            .OrderBy(m => m.CreatedAt)
            .Select(m => m.Organisation!)
            .ToListAsync(cancellationToken);

    /// <summary>Creates a project in one of the caller's organisations (the first one when none is named); the caller becomes its owner.</summary>
    public async Task<Result<(Project Project, string SecretKey)>> CreateAsync(
        Caller caller, Guid? organisationId, string? name, string? timeZone, string? currency, CancellationToken cancellationToken)
    {
        if (caller.OperatorId is not { } operatorId)
        {
            return Error.Forbidden("project.create_forbidden", "Only operators can create projects.");
        }

        timeZone ??= "Asia/Shanghai";
        // Operators type "cny" as often as "CNY"; ISO 4217 codes are upper case.
        currency = currency?.Trim().ToUpperInvariant() ?? "CNY";
        if ((Validation.ProjectName(name) ?? Validation.TimeZone(timeZone) ?? Validation.Currency(currency)) is { } invalid)
        {
            return invalid;
        }

        var memberships = db.OrganisationMembers.Where(m => m.OperatorId == operatorId);
        var organisation = await (organisationId is { } wanted ? memberships.Where(m => m.OrganisationId == wanted) : memberships)
            .OrderBy(m => m.CreatedAt).Select(m => m.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        if (organisation == Guid.Empty)
        {
            return organisationId is null
                ? Error.Validation("organisation.none", "You belong to no organisation; ask an administrator to add you to one.")
                : Error.Forbidden("organisation.forbidden", "You are not a member of that organisation.");
        }

        var secretKey = Secrets.NewSecretKey();
        var project = new Project
        {
            Id = NewId(),
            OrganisationId = organisation,
            Name = name!.Trim(),
            TimeZone = timeZone,
            Currency = currency,
            WriteKey = Secrets.NewWriteKey(),
            SecretKeyHash = Secrets.Hash(secretKey),
            SecretKeyHint = Secrets.Hint(secretKey),
            CreatedAt = Now(),
            KeysRotatedAt = Now(),
        };
        db.Projects.Add(project);
        db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, OperatorId = operatorId, Role = ProjectRole.Owner, CreatedAt = Now() });
        await db.SaveChangesAsync(cancellationToken);
        return (project, secretKey);
    }

    /// <summary>The projects the caller can see, each with the caller's role, oldest first.</summary>
    public async Task<List<ProjectAccess>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.KeyProjectId is { } keyProject)
        {
            var own = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == keyProject, cancellationToken);
            return own is null ? [] : [new ProjectAccess(own, ProjectRole.Viewer)];
        }

        var rows = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.OperatorId == caller.OperatorId)
            .Select(m => new { m.Project, m.Role })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Project!.CreatedAt).Select(r => new ProjectAccess(r.Project!, r.Role)).ToList();
    }

    /// <summary>Every project with its organisation, for the trusted local CLI.</summary>
    public Task<List<Project>> ListAllAsync(CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().Include(p => p.Organisation).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>The project with the caller's role, if the caller has one that <paramref name="allowed"/> accepts.</summary>
    public async Task<Result<ProjectAccess>> AuthorizeAsync(Caller caller, Guid projectId, Func<ProjectRole, bool> allowed, CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null)
        {
            return Error.NotFound("project.not_found", "No such project.");
        }

        ProjectRole? role = caller.KeyProjectId is { } keyProject
            ? keyProject == projectId ? ProjectRole.Viewer : null
            : await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.OperatorId == caller.OperatorId)
                .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken);

        if (role is not { } granted)
        {
            return Error.Forbidden("project.forbidden", "You have no role in this project.");
        }

        return allowed(granted)
            ? new ProjectAccess(project, granted)
            : Error.Forbidden("project.role_insufficient", $"Your role '{granted.Name()}' does not allow this.");
    }

    public async Task<Result<ProjectAccess>> UpdateAsync(Caller caller, Guid projectId, string? name, string? timeZone, string? currency, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(caller, projectId, ProjectRoles.CanManage, cancellationToken);
        if (!access.IsSuccess)
        {
            return access;
        }

        currency = currency?.Trim().ToUpperInvariant();
        var invalid = (name is null ? null : Validation.ProjectName(name))
            ?? (timeZone is null ? null : Validation.TimeZone(timeZone))
            ?? (currency is null ? null : Validation.Currency(currency));
        if (invalid is not null)
        {
            return invalid;
        }

        var project = access.Value.Project;
        project.Name = name?.Trim() ?? project.Name;
        project.TimeZone = timeZone ?? project.TimeZone;
        project.Currency = currency ?? project.Currency;
        await db.SaveChangesAsync(cancellationToken);
        return access;
    }

    /// <summary>Replaces the write key. Capture caches keys briefly, so apps holding the old one are refused within seconds.</summary>
    public async Task<Result<ProjectAccess>> RotateWriteKeyAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(caller, projectId, ProjectRoles.CanManage, cancellationToken);
        if (access.IsSuccess)
        {
            access.Value.Project.WriteKey = Secrets.NewWriteKey();
            access.Value.Project.KeysRotatedAt = Now();
            await db.SaveChangesAsync(cancellationToken);
        }

        return access;
    }

    /// <summary>Replaces the secret key and returns the new one; it is not retrievable later.</summary>
    public async Task<Result<(ProjectAccess Access, string SecretKey)>> RotateSecretKeyAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(caller, projectId, ProjectRoles.CanManage, cancellationToken);
        if (!access.IsSuccess)
        {
            return access.Error;
        }

        var secretKey = Secrets.NewSecretKey();
        access.Value.Project.SecretKeyHash = Secrets.Hash(secretKey);
        access.Value.Project.SecretKeyHint = Secrets.Hint(secretKey);
        access.Value.Project.KeysRotatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return (access.Value, secretKey);
    }

    public async Task<Result<List<MemberView>>> ListMembersAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(caller, projectId, _ => true, cancellationToken);
        if (!access.IsSuccess)
        {
            return access.Error;
        }

        var members = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == projectId)
            .Select(m => new MemberView(m.OperatorId, m.Operator!.UserName, m.Operator.DisplayName, m.Role, m.CreatedAt))
            .ToListAsync(cancellationToken);
        return members.OrderByDescending(m => m.Role).ThenBy(m => m.UserName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Gives an operator a role in the project, or changes it. Owners alone grant or take away ownership,
    /// and a project always keeps at least one owner.
    /// </summary>
    public async Task<Result<MemberView>> SetMemberAsync(Caller caller, Guid projectId, string? userName, ProjectRole role, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(caller, projectId, ProjectRoles.CanManage, cancellationToken);
        if (!access.IsSuccess)
        {
            return access.Error;
        }

        var account = await FindOperatorAsync(userName, cancellationToken);
        if (account is null)
        {
            return Error.NotFound("operator.not_found", $"No operator is named '{userName}'.");
        }

        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.OperatorId == account.Id, cancellationToken);
        var touchesOwnership = role == ProjectRole.Owner || member?.Role == ProjectRole.Owner;
        if (touchesOwnership && !access.Value.Role.CanOwn())
        {
            return Error.Forbidden("member.owner_only", "Only an owner can grant or take away ownership.");
        }

        if (member?.Role == ProjectRole.Owner && role != ProjectRole.Owner && await IsLastOwnerAsync(projectId, cancellationToken))
        {
            return Error.Conflict("member.last_owner", "A project keeps at least one owner.");
        }

        if (member is null)
        {
            member = new ProjectMember { ProjectId = projectId, OperatorId = account.Id, Role = role, CreatedAt = Now() };
            db.ProjectMembers.Add(member);
            await EnsureOrganisationMemberAsync(access.Value.Project.OrganisationId, account.Id, cancellationToken);
        }
        else
        {
            member.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new MemberView(account.Id, account.UserName, account.DisplayName, role, member.CreatedAt);
    }

    public async Task<Result<MemberView>> RemoveMemberAsync(Caller caller, Guid projectId, string? userName, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(caller, projectId, ProjectRoles.CanManage, cancellationToken);
        if (!access.IsSuccess)
        {
            return access.Error;
        }

        var account = await FindOperatorAsync(userName, cancellationToken);
        var member = account is null
            ? null
            : await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.OperatorId == account.Id, cancellationToken);
        if (account is null || member is null)
        {
            return Error.NotFound("member.not_found", $"'{userName}' is not a member of this project.");
        }

        if (member.Role == ProjectRole.Owner)
        {
            if (!access.Value.Role.CanOwn())
            {
                return Error.Forbidden("member.owner_only", "Only an owner can remove an owner.");
            }

            if (await IsLastOwnerAsync(projectId, cancellationToken))
            {
                return Error.Conflict("member.last_owner", "A project keeps at least one owner.");
            }
        }

        db.ProjectMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        return new MemberView(account.Id, account.UserName, account.DisplayName, member.Role, member.CreatedAt);
    }

    public Task<Project?> FindByWriteKeyAsync(string writeKey, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.WriteKey == writeKey, cancellationToken);

    public Task<Project?> FindBySecretKeyAsync(string secretKey, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(secretKey);
        return db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.SecretKeyHash == hash, cancellationToken);
    }

    private Task<Operator?> FindOperatorAsync(string? userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            return Task.FromResult<Operator?>(null);
        }

        var normalized = OperatorService.Normalize(userName);
        return db.Operators.FirstOrDefaultAsync(o => o.NormalizedUserName == normalized, cancellationToken);
    }

    private async Task<bool> IsLastOwnerAsync(Guid projectId, CancellationToken cancellationToken) =>
        await db.ProjectMembers.CountAsync(m => m.ProjectId == projectId && m.Role == ProjectRole.Owner, cancellationToken) <= 1;

    private async Task EnsureOrganisationMemberAsync(Guid organisationId, Guid operatorId, CancellationToken cancellationToken)
    {
        if (!await db.OrganisationMembers.AnyAsync(m => m.OrganisationId == organisationId && m.OperatorId == operatorId, cancellationToken))
        {
            db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisationId, OperatorId = operatorId, CreatedAt = Now() });
        }
    }

    private Guid NewId() => Guid.CreateVersion7(clock.GetUtcNow());

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
