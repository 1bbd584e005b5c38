using Yunying.Core.Results;
using Yunying.Data.Operators;

namespace Yunying.Data.Tests;

public abstract partial class StateStoreContract
{
    [Fact]
    public async Task CreateOperator_ValidInput_StoresAccountWithHashedPassword()
    {
        var created = await CreateOperatorAsync("alice");

        var found = await OperatorsAsync(s => s.FindByUserNameAsync("ALICE", Ct));
        Assert.NotNull(found);
        Assert.Equal(created.Id, found.Id);
        Assert.Equal("alice", found.UserName);
        Assert.Equal("ALICE", found.NormalizedUserName);
        Assert.NotEqual(Password, found.PasswordHash);
        Assert.DoesNotContain(Password, found.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(0, found.FailedLoginCount);
    }

    [Fact]
    public async Task CreateOperator_SameUserNameInOtherCase_Conflict()
    {
        await CreateOperatorAsync("alice");

        var second = await OperatorsAsync(s => s.CreateAsync("ALICE", Password, false, null, Ct));

        Assert.Equal("operator.user_name_taken", Failed(second, ErrorKind.Conflict).Code);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")]
    public async Task CreateOperator_InvalidUserName_Validation(string userName)
    {
        var result = await OperatorsAsync(s => s.CreateAsync(userName, Password, false, null, Ct));

        var error = Failed(result, ErrorKind.Validation);
        Assert.Equal("userName", error.Field);
        Assert.False(await OperatorsAsync(s => s.AnyAsync(Ct)));
    }

    [Fact]
    public async Task CreateOperator_ShortPassword_Validation()
    {
        var result = await OperatorsAsync(s => s.CreateAsync("alice", "123456789", false, null, Ct));

        Assert.Equal("password", Failed(result, ErrorKind.Validation).Field);
        Assert.Null(await OperatorsAsync(s => s.FindByUserNameAsync("alice", Ct)));
    }

    [Fact]
    public async Task SignIn_RightPasswordInOtherCaseOfName_ReturnsOperatorAndRecordsLogin()
    {
        var created = await CreateOperatorAsync("alice");
        Clock.Advance(TimeSpan.FromMinutes(3));

        var signedIn = Succeeded(await OperatorsAsync(s => s.SignInAsync("Alice", Password, Ct)));

        Assert.Equal(created.Id, signedIn.Id);
        var stored = await OperatorsAsync(s => s.FindAsync(created.Id, Ct));
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, stored!.LastLoginAt);
    }

    [Fact]
    public async Task SignIn_WrongPassword_Unauthorized()
    {
        await CreateOperatorAsync("alice");

        var result = await OperatorsAsync(s => s.SignInAsync("alice", Password + "!", Ct));

        Assert.Equal("auth.invalid_credentials", Failed(result, ErrorKind.Unauthorized).Code);
        var stored = await OperatorsAsync(s => s.FindByUserNameAsync("alice", Ct));
        Assert.Equal(1, stored!.FailedLoginCount);
    }

    [Fact]
    public async Task SignIn_UnknownUser_SameErrorAsWrongPassword()
    {
        await CreateOperatorAsync("alice");

        var wrongPassword = Failed(await OperatorsAsync(s => s.SignInAsync("alice", "not the password", Ct)), ErrorKind.Unauthorized);
        var unknownUser = Failed(await OperatorsAsync(s => s.SignInAsync("mallory", "not the password", Ct)), ErrorKind.Unauthorized);

        Assert.Equal(wrongPassword, unknownUser);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksEvenTheRightPassword()
    {
        await CreateOperatorAsync("alice");

        for (var i = 0; i < OperatorService.MaxFailedLogins; i++)
        {
            Failed(await OperatorsAsync(s => s.SignInAsync("alice", "not the password", Ct)), ErrorKind.Unauthorized);
        }

        var locked = await OperatorsAsync(s => s.SignInAsync("alice", Password, Ct));

        Assert.Equal("auth.locked_out", Failed(locked, ErrorKind.TooManyRequests).Code);
        var stored = await OperatorsAsync(s => s.FindByUserNameAsync("alice", Ct));
        Assert.Equal(Clock.GetUtcNow().UtcDateTime + OperatorService.LockoutDuration, stored!.LockedUntil);
    }

    [Fact]
    public async Task SignIn_LockedAccount_UnlocksAfterFifteenMinutes()
    {
        await CreateOperatorAsync("alice");
        for (var i = 0; i < OperatorService.MaxFailedLogins; i++)
        {
            await OperatorsAsync(s => s.SignInAsync("alice", "not the password", Ct));
        }

        Clock.Advance(OperatorService.LockoutDuration - TimeSpan.FromSeconds(1));
        Failed(await OperatorsAsync(s => s.SignInAsync("alice", Password, Ct)), ErrorKind.TooManyRequests);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Succeeded(await OperatorsAsync(s => s.SignInAsync("alice", Password, Ct)));

        var stored = await OperatorsAsync(s => s.FindByUserNameAsync("alice", Ct));
        Assert.Null(stored!.LockedUntil);
        Assert.Equal(0, stored.FailedLoginCount);
    }

    [Fact]
    public async Task SignIn_SuccessBetweenFailures_ResetsFailureCount()
    {
        await CreateOperatorAsync("alice");
        for (var i = 0; i < OperatorService.MaxFailedLogins - 1; i++)
        {
            await OperatorsAsync(s => s.SignInAsync("alice", "not the password", Ct));
        }

        Succeeded(await OperatorsAsync(s => s.SignInAsync("alice", Password, Ct)));
        for (var i = 0; i < OperatorService.MaxFailedLogins - 1; i++)
        {
            await OperatorsAsync(s => s.SignInAsync("alice", "not the password", Ct));
        }

        Succeeded(await OperatorsAsync(s => s.SignInAsync("alice", Password, Ct)));
    }

    [Fact]
    public async Task SetPassword_LockedAccount_UnlocksWithNewPassword()
    {
        await CreateOperatorAsync("alice");
        for (var i = 0; i < OperatorService.MaxFailedLogins; i++)
        {
            await OperatorsAsync(s => s.SignInAsync("alice", "not the password", Ct));
        }

        Succeeded(await OperatorsAsync(s => s.SetPasswordAsync("alice", "a brand new password", Ct)));

        Succeeded(await OperatorsAsync(s => s.SignInAsync("alice", "a brand new password", Ct)));
        Failed(await OperatorsAsync(s => s.SignInAsync("alice", Password, Ct)), ErrorKind.Unauthorized);
    }

    [Fact]
    public async Task FirstAdministrator_SeveralAccounts_ReturnsOldestAdministrator()
    {
        Assert.Null(await OperatorsAsync(s => s.FirstAdministratorAsync(Ct)));
        await CreateOperatorAsync("plain");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var first = Succeeded(await OperatorsAsync(s => s.CreateAsync("root", Password, isAdministrator: true, "Root", Ct)));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Succeeded(await OperatorsAsync(s => s.CreateAsync("deputy", Password, isAdministrator: true, null, Ct)));

        var found = await OperatorsAsync(s => s.FirstAdministratorAsync(Ct));

        Assert.Equal((first.Id, "Root"), (found?.Id, found?.DisplayName));
    }
}
