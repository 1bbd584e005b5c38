namespace Yunying.Server.Storage;

/// <summary>The owner account made on the first start; the password is shown this once.</summary>
public sealed record FirstRunAccount(string UserName, string Password, Guid ProjectId);
