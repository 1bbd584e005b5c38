using Microsoft.EntityFrameworkCore;
using Yunying.Core.Results;
using Yunying.Core.Security;

namespace Yunying.Data.Tests;

public abstract partial class StateStoreContract
{
    [Fact]
    public async Task CreateToken_ValidInput_ReturnsPrefixedSecretAndStoresOnlyItsHash()
    {
        var alice = await CreateOperatorAsync("alice");

        var (token, secret) = Succeeded(await TokensAsync(s => s.CreateAsync(alice.Id, " deploy script ", 30, Ct)));

        Assert.StartsWith(Secrets.PersonalTokenPrefix, secret, StringComparison.Ordinal);
        Assert.Equal("deploy script", token.Name);
        Assert.Equal(Secrets.Hash(secret), token.TokenHash);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime.AddDays(30), token.ExpiresAt);
        await using var db = NewContext();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct())
        {
            var rows = await RawSql.AllValuesAsync(db, table, Ct);
            Assert.DoesNotContain(rows, row => row.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("", 30)]
    [InlineData("deploy", 0)]
    [InlineData("deploy", 3651)]
    public async Task CreateToken_InvalidNameOrExpiry_Validation(string name, int expiresInDays)
    {
        var alice = await CreateOperatorAsync("alice");

        var result = await TokensAsync(s => s.CreateAsync(alice.Id, name, expiresInDays, Ct));

        Failed(result, ErrorKind.Validation);
        Assert.Empty(await TokensAsync(s => s.ListAsync(alice.Id, Ct)));
    }

    [Fact]
    public async Task CreateToken_UnknownOperator_NotFound()
    {
        var result = await TokensAsync(s => s.CreateAsync(Guid.CreateVersion7(), "deploy", null, Ct));

        Failed(result, ErrorKind.NotFound);
    }

    [Fact]
    public async Task Authenticate_ValidToken_ReturnsOperatorAndRecordsUse()
    {
        var alice = await CreateOperatorAsync("alice");
        var (token, secret) = Succeeded(await TokensAsync(s => s.CreateAsync(alice.Id, "deploy", null, Ct)));
        Clock.Advance(TimeSpan.FromDays(400));

        var found = await TokensAsync(s => s.AuthenticateAsync(secret, Ct));

        Assert.Equal(alice.Id, found?.Id);
        var listed = Assert.Single(await TokensAsync(s => s.ListAsync(alice.Id, Ct)));
        Assert.Equal((token.Id, Clock.GetUtcNow().UtcDateTime), (listed.Id, listed.LastUsedAt));
    }

    [Fact]
    public async Task Authenticate_RevokedToken_Null()
    {
        var alice = await CreateOperatorAsync("alice");
        var (token, secret) = Succeeded(await TokensAsync(s => s.CreateAsync(alice.Id, "deploy", null, Ct)));

        Succeeded(await TokensAsync(s => s.RevokeAsync(alice.Id, token.Id, Ct)));

        Assert.Null(await TokensAsync(s => s.AuthenticateAsync(secret, Ct)));
        Assert.Empty(await TokensAsync(s => s.ListAsync(alice.Id, Ct)));
    }

    [Fact]
    public async Task Revoke_TokenOfAnotherOperator_NotFoundAndStillValid()
    {
        var alice = await CreateOperatorAsync("alice");
        var mallory = await CreateOperatorAsync("mallory");
        var (token, secret) = Succeeded(await TokensAsync(s => s.CreateAsync(alice.Id, "deploy", null, Ct)));

        Failed(await TokensAsync(s => s.RevokeAsync(mallory.Id, token.Id, Ct)), ErrorKind.NotFound);

        Assert.Equal(alice.Id, (await TokensAsync(s => s.AuthenticateAsync(secret, Ct)))?.Id);
    }

    [Fact]
    public async Task Authenticate_ExpiredToken_Null()
    {
        var alice = await CreateOperatorAsync("alice");
        var (_, secret) = Succeeded(await TokensAsync(s => s.CreateAsync(alice.Id, "deploy", 1, Ct)));

        Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(alice.Id, (await TokensAsync(s => s.AuthenticateAsync(secret, Ct)))?.Id);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await TokensAsync(s => s.AuthenticateAsync(secret, Ct)));
    }

    [Fact]
    public async Task Authenticate_WrongPrefixOrUnknownToken_Null()
    {
        var alice = await CreateOperatorAsync("alice");
        var (_, secret) = Succeeded(await TokensAsync(s => s.CreateAsync(alice.Id, "deploy", null, Ct)));

        var otherPrefix = Secrets.SecretKeyPrefix + secret[Secrets.PersonalTokenPrefix.Length..];
        Assert.Null(await TokensAsync(s => s.AuthenticateAsync(otherPrefix, Ct)));
        Assert.Null(await TokensAsync(s => s.AuthenticateAsync(secret[Secrets.PersonalTokenPrefix.Length..], Ct)));
        Assert.Null(await TokensAsync(s => s.AuthenticateAsync(Secrets.NewPersonalToken(), Ct)));
        Assert.Null(await TokensAsync(s => s.AuthenticateAsync(Secrets.PersonalTokenPrefix + secret[Secrets.PersonalTokenPrefix.Length..].ToUpperInvariant(), Ct)));
    }
}
