using Yunying.Analytics.Query;

namespace Yunying.Analytics.Insights;

/// <summary>
/// Questions worth answering before the first operator asks, such as a project home's overview: the server's
/// start answers them into the answer cache (<see cref="InsightResults"/>), in the time zone each names.
/// </summary>
public interface IStartupQuestions
{
    Task<IReadOnlyList<StartupQuestion>> ForProjectAsync(Guid projectId, CancellationToken cancellationToken);
}

/// <summary>One question to answer at start, as the page that will ask it asks it.</summary>
/// <param name="TimeZone">The project's time zone (the cache keys answers by it).</param>
/// <param name="Query">The query, exactly as the page parses it.</param>
public sealed record StartupQuestion(string TimeZone, AnalyticsQuery Query);
