using Yunying.Core.Results;
using Yunying.Core.Tenancy;

namespace Yunying.Data.Tests;

public abstract partial class StateStoreContract
{
    [Fact]
    public async Task SetMember_AdminAddsAnalyst_AnalystCanSeeProject()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        var carol = await CreateOperatorAsync("carol");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Admin);

        var added = await SetMemberAsync(bob, project.Id, "CAROL", ProjectRole.Analyst);

        Assert.Equal((carol.Id, "carol", ProjectRole.Analyst), (added.OperatorId, added.UserName, added.Role));
        var access = Succeeded(await ProjectsAsync(s => s.AuthorizeAsync(Caller.ForOperator(carol.Id), project.Id, _ => true, Ct)));
        Assert.Equal(ProjectRole.Analyst, access.Role);
    }

    [Fact]
    public async Task SetMember_NewMember_JoinsTheProjectsOrganisation()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Viewer);

        var organisation = Assert.Single(await ProjectsAsync(s => s.ListOrganisationsAsync(bob.Id, Ct)));
        Assert.Equal(project.OrganisationId, organisation.Id);
    }

    [Fact]
    public async Task SetMember_AdminGrantsOwner_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        await CreateOperatorAsync("carol");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Admin);

        var result = await ProjectsAsync(s => s.SetMemberAsync(Caller.ForOperator(bob.Id), project.Id, "carol", ProjectRole.Owner, Ct));

        Assert.Equal("member.owner_only", Failed(result, ErrorKind.Forbidden).Code);
        var members = Succeeded(await ProjectsAsync(s => s.ListMembersAsync(Caller.ForOperator(alice.Id), project.Id, Ct)));
        Assert.DoesNotContain(members, m => m.UserName == "carol");
    }

    [Fact]
    public async Task SetMember_AdminDemotesOwner_Forbidden()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Admin);

        var result = await ProjectsAsync(s => s.SetMemberAsync(Caller.ForOperator(bob.Id), project.Id, "alice", ProjectRole.Viewer, Ct));

        Failed(result, ErrorKind.Forbidden);
    }

    [Fact]
    public async Task SetMember_UnknownOperator_NotFound()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        var result = await ProjectsAsync(s => s.SetMemberAsync(Caller.ForOperator(alice.Id), project.Id, "nobody", ProjectRole.Viewer, Ct));

        Failed(result, ErrorKind.NotFound);
    }

    [Fact]
    public async Task SetMember_DemoteLastOwner_Conflict()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        var result = await ProjectsAsync(s => s.SetMemberAsync(Caller.ForOperator(alice.Id), project.Id, "alice", ProjectRole.Admin, Ct));

        Assert.Equal("member.last_owner", Failed(result, ErrorKind.Conflict).Code);
        var access = Succeeded(await ProjectsAsync(s => s.AuthorizeAsync(Caller.ForOperator(alice.Id), project.Id, _ => true, Ct)));
        Assert.Equal(ProjectRole.Owner, access.Role);
    }

    [Fact]
    public async Task RemoveMember_LastOwner_Conflict()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        var result = await ProjectsAsync(s => s.RemoveMemberAsync(Caller.ForOperator(alice.Id), project.Id, "alice", Ct));

        Assert.Equal("member.last_owner", Failed(result, ErrorKind.Conflict).Code);
        Succeeded(await ProjectsAsync(s => s.AuthorizeAsync(Caller.ForOperator(alice.Id), project.Id, _ => true, Ct)));
    }

    [Fact]
    public async Task SetMember_OwnerAddsSecondOwner_FirstOwnerCanThenBeDemoted()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        var (project, _) = await CreateProjectAsync(alice, "Shop");

        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Owner);
        await SetMemberAsync(bob, project.Id, "alice", ProjectRole.Admin);

        var members = Succeeded(await ProjectsAsync(s => s.ListMembersAsync(Caller.ForOperator(bob.Id), project.Id, Ct)));
        Assert.Equal(
            [("bob", ProjectRole.Owner), ("alice", ProjectRole.Admin)],
            members.Select(m => (m.UserName, m.Role)).ToArray());
        var result = await ProjectsAsync(s => s.SetMemberAsync(Caller.ForOperator(bob.Id), project.Id, "bob", ProjectRole.Admin, Ct));
        Assert.Equal("member.last_owner", Failed(result, ErrorKind.Conflict).Code);
    }

    [Fact]
    public async Task RemoveMember_Analyst_LosesAccess()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        var bob = await CreateOperatorAsync("bob");
        var (project, _) = await CreateProjectAsync(alice, "Shop");
        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Analyst);

        var removed = Succeeded(await ProjectsAsync(s => s.RemoveMemberAsync(Caller.ForOperator(alice.Id), project.Id, "bob", Ct)));

        Assert.Equal(ProjectRole.Analyst, removed.Role);
        Failed(await ProjectsAsync(s => s.AuthorizeAsync(Caller.ForOperator(bob.Id), project.Id, _ => true, Ct)), ErrorKind.Forbidden);
        Assert.Empty(await ProjectsAsync(s => s.ListAsync(Caller.ForOperator(bob.Id), Ct)));
    }

    [Fact]
    public async Task ListMembers_MixedRoles_HighestRoleFirstThenByName()
    {
        var alice = await CreateOrganisationOwnerAsync("alice");
        foreach (var name in new[] { "zoe", "Yan", "bob" })
        {
            await CreateOperatorAsync(name);
        }

        var (project, _) = await CreateProjectAsync(alice, "Shop");
        await SetMemberAsync(alice, project.Id, "zoe", ProjectRole.Viewer);
        await SetMemberAsync(alice, project.Id, "yan", ProjectRole.Growth);
        await SetMemberAsync(alice, project.Id, "bob", ProjectRole.Growth);

        var members = Succeeded(await ProjectsAsync(s => s.ListMembersAsync(Caller.ForOperator(alice.Id), project.Id, Ct)));

        Assert.Equal(["alice", "bob", "Yan", "zoe"], members.Select(m => m.UserName).ToArray());
    }
}
