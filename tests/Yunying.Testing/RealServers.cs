using Xunit;

namespace Yunying.Testing;

/// <summary>
/// What a test does when a real server it needs is missing: on a developer's machine it is skipped with
/// the reason, and under CI (<c>CI=true</c>) it fails, so a broken install step cannot pass as green.
/// </summary>
public static class RealServers
{
    public static bool UnderCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns when <paramref name="problem"/> is null; otherwise skips or, under CI, fails the test.</summary>
    /// <param name="what">The server, such as <c>PostgreSQL</c>.</param>
    /// <param name="problem">Why the server cannot be used, or null when it can.</param>
    public static void Require(string what, string? problem)
    {
        if (problem is null)
        {
            return;
        }

        if (UnderCi)
        {
            Assert.Fail($"{what} is required under CI=true: {problem}");
        }

        Assert.Skip($"{what} not available: {problem}");
    }
}
