namespace Yunying.Server.Http;

public sealed record HealthResponse(string Status, string? StateStore);
