namespace Yunying.Analytics.Tests.Query.Retention;

/// <summary>
/// A small Shanghai dataset worked out by hand for the retention, lifecycle and stickiness API tests. The
/// weeks are W0 = 2026-09-28…10-04, W1 = 10-05…10-11, W2 = 10-12…10-18, W3 = 10-19…10-25 (local, from Monday).
/// </summary>
internal static class HandCheckedEvents
{
    /// <summary>
    /// a1 views in W1 and becomes u1 in W2 (views again in W2); u2 views in W1 and W3; u3 views at 00:30 on
    /// Monday of W2 (Sunday 16:30 UTC) and in W3; u4 views in W0, W1 and W2; u5 views at 23:30 on Sunday of
    /// W1 only; u6 views in W3 only; u7 signs up in W1 and views first in W2.
    /// </summary>
    public const string Batch = """
        [
          {"event":"$pageview","distinct_id":"a1","timestamp":"2026-10-05T02:00:00Z"},
          {"event":"$identify","distinct_id":"u1","timestamp":"2026-10-13T02:00:00Z","properties":{"$anon_distinct_id":"a1"}},
          {"event":"$pageview","distinct_id":"u1","timestamp":"2026-10-13T03:00:00Z"},
          {"event":"$pageview","distinct_id":"u2","timestamp":"2026-10-06T01:00:00Z","properties":{"platform":"ios"}},
          {"event":"$pageview","distinct_id":"u2","timestamp":"2026-10-20T01:00:00Z","properties":{"platform":"web"}},
          {"event":"$pageview","distinct_id":"u3","timestamp":"2026-10-11T16:30:00Z","properties":{"platform":"ios"}},
          {"event":"$pageview","distinct_id":"u3","timestamp":"2026-10-19T01:00:00Z"},
          {"event":"$pageview","distinct_id":"u4","timestamp":"2026-09-30T01:00:00Z"},
          {"event":"$pageview","distinct_id":"u4","timestamp":"2026-10-07T01:00:00Z"},
          {"event":"$pageview","distinct_id":"u4","timestamp":"2026-10-14T01:00:00Z"},
          {"event":"$pageview","distinct_id":"u5","timestamp":"2026-10-11T15:30:00Z","properties":{"platform":"web"}},
          {"event":"$pageview","distinct_id":"u6","timestamp":"2026-10-20T02:00:00Z"},
          {"event":"signup","distinct_id":"u7","timestamp":"2026-10-06T05:00:00Z"},
          {"event":"$pageview","distinct_id":"u7","timestamp":"2026-10-14T05:00:00Z"}
        ]
        """;
}
