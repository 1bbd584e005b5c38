using System.Globalization;
using Yunying.Analytics.Query.Overview;

namespace Yunying.Cli.Commands.Query;

/// <summary>The AARRR overview as rows: one figure per row, this period, the previous one and the change.</summary>
public static class OverviewTable
{
    public static List<string[]> Rows(OverviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (c, p) = (result.Current, result.Previous);
        List<string[]> rows = [["figure", Day(c.From) + ".." + Day(c.To.AddDays(-1)), Day(p.From) + ".." + Day(p.To.AddDays(-1)), "change"]];
        void Add(string name, double? current, double? previous, bool rate = false) => rows.Add(
        [
            name, Number(current, rate), Number(previous, rate),
            current is { } x && previous is { } y && y != 0 ? ((x - y) / Math.Abs(y) * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : string.Empty,
        ]);

        Add("new people", c.NewPeople, p.NewPeople);
        foreach (var channel in c.Channels)
        {
            Add("  " + channel.Breakdown.Label, channel.NewPeople, p.Channels.FirstOrDefault(x => x.Breakdown == channel.Breakdown)?.NewPeople ?? 0);
        }

        Add("active people", c.ActivePeople, p.ActivePeople);
        Add($"activation rate ({result.Settings.ActivationEvent} within {result.Settings.ActivationDays} d)", c.ActivationRate, p.ActivationRate, rate: true);
        Add("D1 retention", c.D1, p.D1, rate: true);
        Add("D7 retention", c.D7, p.D7, rate: true);
        Add("D30 retention", c.D30, p.D30, rate: true);
        Add($"revenue (sum of {result.Settings.RevenueProperty})", c.Revenue, p.Revenue);
        Add("paying people", c.PayingPeople, p.PayingPeople);
        Add("ARPU", c.Arpu, p.Arpu);
        Add("ARPPU", c.Arppu, p.Arppu);
        Add("referral events", c.ReferralEvents, p.ReferralEvents);
        Add("referrals per active person", c.ReferralsPerActive, p.ReferralsPerActive);
        Add("K-factor", c.KFactor, p.KFactor);
        for (var i = 0; i < c.Funnel.Count; i++)
        {
            Add("funnel: " + c.Funnel[i].Stage, c.Funnel[i].People, p.Funnel[i].People);
        }

        return rows;
    }

    private static string Day(DateTimeOffset time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double? value, bool rate) => value switch
    {
        null => string.Empty,
        { } v when rate => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        { } v when v == Math.Floor(v) && Math.Abs(v) < 1e15 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
