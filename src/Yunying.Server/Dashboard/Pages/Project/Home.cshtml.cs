using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Yunying.Analytics.Insights;
using Yunying.Analytics.Query;
using Yunying.Analytics.Query.Overview;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;
using Yunying.Server.Dashboard.Insights;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// A project's home: the AARRR overview of a period beside the previous one (the query API's <c>overview</c>
/// kind, through the answer cache), each figure linked to the insight it was read from. The form is a GET
/// form, so a period and settings are a link. A project without events shows how to send the first one.
/// </summary>
public sealed class HomeModel(DashboardShell shell, InsightRunner runner, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProjectAccess Access => shell.Current!;

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "activationEvent")]
    public string? ActivationEvent { get; set; }

    [BindProperty(SupportsGet = true, Name = "activationDays")]
    public int? ActivationDays { get; set; }

    [BindProperty(SupportsGet = true, Name = "revenueEvent")]
    public string? RevenueEvent { get; set; }

    [BindProperty(SupportsGet = true, Name = "revenueProperty")]
    public string? RevenueProperty { get; set; }

    [BindProperty(SupportsGet = true, Name = "referralEvents")]
    public string? ReferralEvents { get; set; }

    [BindProperty(SupportsGet = true, Name = "acquisitionProperty")]
    public string? AcquisitionProperty { get; set; }

    [BindProperty(SupportsGet = true, Name = "inviteChannel")]
    public string? InviteChannel { get; set; }

    public OverviewResult? Overview { get; private set; }

    public Error? Failure { get; private set; }

    /// <summary>The overview with when it was computed, and whether it is over earlier data (new data still being counted).</summary>
    public CachedAnswer? Answer { get; private set; }

    /// <summary>The overview query the form made, as <c>POST /api/projects/{id}/query</c> takes it.</summary>
    public JsonObject Query { get; private set; } = [];

    /// <summary>The charts' input for <c>home.js</c>.</summary>
    public string ChartData { get; private set; } = "null";

    /// <summary>No event in either period: the project most likely has none yet.</summary>
    public bool Empty => Overview is { } o && o.Current.ActivePeople == 0 && o.Previous.ActivePeople == 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Query = ToQuery();
        var answered = await runner.RunAsync(Access.Project.Id, Access.Project.TimeZone, Query, cancellationToken);
        if (!answered.IsSuccess)
        {
            Failure = answered.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Overview = (OverviewResult)answered.Value.Result;
        Answer = answered.Value;
        ChartData = JsonSerializer.Serialize(Charts(Overview), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return Page();
    }

    /// <summary>The insight builder's link for one of the overview's sub-queries.</summary>
    public string InsightLink(string name)
    {
        var query = JsonSerializer.SerializeToNode(Overview!.Queries[name], QueryJson.Options)!.AsObject();
        return $"/p/{Access.Project.Id}/insights" + InsightForm.FromQuery(query).ToQueryString();
    }

    /// <summary>The change from the previous period as a fraction, or null when there is nothing to compare with.</summary>
    public static double? Change(double? current, double? previous) =>
        current is { } c && previous is { } p && p != 0 ? (c - p) / Math.Abs(p) : null;

    /// <summary>The overview the home asks when its form is left as it is (also answered when the server starts).</summary>
    public static JsonObject DefaultQuery() => new() { ["kind"] = QueryKinds.Overview };

    private JsonObject ToQuery()
    {
        var query = DefaultQuery();
        if (!string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To))
        {
            var range = new JsonObject();
            if (!string.IsNullOrWhiteSpace(From))
            {
                range["from"] = From.Trim();
            }

            if (!string.IsNullOrWhiteSpace(To))
            {
                range["to"] = To.Trim();
            }

            query["dateRange"] = range;
        }

        void Text(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query[key] = value.Trim();
            }
        }

        Text("activationEvent", ActivationEvent);
        if (ActivationDays is { } days)
        {
            query["activationDays"] = days;
        }

        Text("revenueEvent", RevenueEvent);
        Text("revenueProperty", RevenueProperty);
        if (!string.IsNullOrWhiteSpace(ReferralEvents))
        {
            query["referralEvents"] = new JsonArray([.. ReferralEvents.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => (JsonNode)e)]);
        }

        Text("acquisitionProperty", AcquisitionProperty);
        Text("inviteChannel", InviteChannel);
        return query;
    }

    private object Charts(OverviewResult overview)
    {
        var labels = overview.Current.Channels.Select(c => c.Breakdown).ToList();
        long Previous(BreakdownBucket b) => overview.Previous.Channels.FirstOrDefault(c => c.Breakdown == b)?.NewPeople ?? 0;
        return new
        {
            channels = new
            {
                labels = labels.Select(b => b.Label),
                current = overview.Current.Channels.Select(c => c.NewPeople),
                previous = labels.Select(Previous),
                names = new { current = text["Home.Current"].Value, previous = text["Home.Previous"].Value },
            },
            retention = new
            {
                labels = overview.RetentionTrend.Select(p => p.Label),
                d1 = overview.RetentionTrend.Select(p => p.D1 is { } r ? Math.Round(r * 100, 2) : (double?)null),
                d7 = overview.RetentionTrend.Select(p => p.D7 is { } r ? Math.Round(r * 100, 2) : (double?)null),
                names = new { d1 = text["Home.D1"].Value, d7 = text["Home.D7"].Value },
            },
            funnel = overview.Current.Funnel.Select(s => new { name = text["Home.Stage." + s.Stage].Value, value = s.People }),
        };
    }
}
