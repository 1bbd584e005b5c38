using Yunying.Analytics.Query.Retention;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query.Overview;

/// <summary>
/// Per person, the first time (UTC µs, <see cref="long.MaxValue"/> for never) of any event, of the activation
/// event, of the revenue event and of any referral event, all passing the overview's filters, over all data.
/// </summary>
internal sealed class FirstTimes(long[] seen, long[] activation, long[] revenue, long[] referral)
{
    public static Result<FirstTimes> Scan(OverviewQuery query, QueryContext context)
    {
        var arrays = new long[4][];
        var events = new IReadOnlyList<string?>[]
        {
            [null], [query.ActivationEvent], [query.RevenueEvent], query.ReferralEvents,
        };
        for (var i = 0; i < arrays.Length; i++)
        {
            arrays[i] = ActivityScan.NewFirstTimes(context.PersonSpace);
            foreach (var name in events[i])
            {
                var filter = EventFilter.Compile(context, name, query.Properties);
                if (!filter.IsSuccess)
                {
                    return filter.Error;
                }

                ActivityScan.Run(context, filter.Value, ActivityScan.AllTime, null, null, arrays[i]);
            }
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        return new FirstTimes(arrays[0], arrays[1], arrays[2], arrays[3]);
    }

    /// <summary>
    /// The funnel of the persons first seen in [<paramref name="from"/>, <paramref name="to"/>): all of them; those
    /// who did the activation event within <paramref name="window"/> of their first event; of those, who had paid
    /// before <paramref name="until"/>; of those, who had made a referral before it.
    /// </summary>
    public long[] Stages(long from, long to, long until, long window)
    {
        var stages = new long[4];
        for (var p = 0; p < seen.Length; p++)
        {
            var first = seen[p];
            if (first < from || first >= to)
            {
                continue;
            }

            stages[0]++;
            if (activation[p] - first >= window || activation[p] == long.MaxValue)
            {
                continue;
            }

            stages[1]++;
            if (revenue[p] >= until)
            {
                continue;
            }

            stages[2]++;
            if (referral[p] < until)
            {
                stages[3]++;
            }
        }

        return stages;
    }
}
