namespace Yunying.Analytics.Query.Funnels;

/// <summary>Asks for the conversion trend: the persons who entered in each interval and how many of them completed the funnel.</summary>
/// <param name="Interval">Bucket width; default <c>day</c>.</param>
public sealed record FunnelTrendOptions(Interval Interval = Interval.Day);
