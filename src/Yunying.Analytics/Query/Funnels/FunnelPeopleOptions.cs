namespace Yunying.Analytics.Query.Funnels;

/// <summary>Asks for the persons who reached a step (or dropped off there), one page of them, ordered by person id.</summary>
/// <param name="Step">The step (0-based).</param>
/// <param name="Dropped">False (default): persons who reached <paramref name="Step"/>; true: persons who reached the step before it and not this one.</param>
/// <param name="Breakdown">Only persons in this breakdown bucket (as the answer's groups name them).</param>
/// <param name="Limit">Page size, 1–10,000; default 100.</param>
/// <param name="Offset">Persons to skip.</param>
public sealed record FunnelPeopleOptions(int Step, bool Dropped = false, BreakdownBucket? Breakdown = null, int Limit = 100, int Offset = 0)
{
    public const int MaxLimit = 10_000;
}
