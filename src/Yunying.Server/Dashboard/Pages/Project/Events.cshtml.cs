using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yunying.Analytics.Explore;
using Yunying.Analytics.Schema;
using Yunying.Core.Results;
using Yunying.Data.Tenancy;

namespace Yunying.Server.Dashboard.Pages.Project;

/// <summary>
/// Analytics › Events: the event names a project has received, and its newest events with filters. Without
/// JavaScript it is a plain GET form with an "older" link; with it, a live tail polls the events API.
/// </summary>
public sealed class EventsModel(DashboardShell shell, SchemaCatalog schema, EventFinder finder) : PageModel
{
    private static readonly JsonSerializerOptions PropertiesJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ProjectAccess Access => shell.Current!;

    [BindProperty(SupportsGet = true, Name = "event")]
    public string? EventName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? DistinctId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Property { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Value { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    public IReadOnlyList<EventSchema> Names { get; private set; } = [];

    public IReadOnlyList<PropertySchema> Keys { get; private set; } = [];

    public EventPage Results { get; private set; } = new([], null, null);

    public Error? Invalid { get; private set; }

    public bool IsFiltered => !string.IsNullOrWhiteSpace(EventName) || !string.IsNullOrWhiteSpace(DistinctId) || !string.IsNullOrWhiteSpace(Property);

    /// <summary>This server's address as the browser reached it: the host an SDK should send to.</summary>
    public string Host => $"{Request.Scheme}://{Request.Host}";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var projectId = Access.Project.Id;
        Names = await schema.EventsAsync(projectId, cancellationToken);
        if (Names.Count == 0)
        {
            return;
        }

        Keys = await schema.PropertiesAsync(projectId, string.IsNullOrWhiteSpace(EventName) ? null : EventName.Trim(), cancellationToken);
        if (!EventsEndpoints.TryBuild(EventName, DistinctId, Property, Value, Before, null, null, out var query, out var invalid))
        {
            Invalid = invalid;
            return;
        }

        Results = await finder.FindAsync(projectId, query, cancellationToken);
    }

    /// <summary>The filters as a query string (without paging), for links and the live tail.</summary>
    public string FilterQuery(string? before = null)
    {
        var query = new Dictionary<string, string?>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query[key] = value.Trim();
            }
        }

        Add("event", EventName);
        Add("distinctId", DistinctId);
        Add("property", Property);
        Add("value", string.IsNullOrWhiteSpace(Property) ? null : Value);
        Add("before", before);
        return QueryString.Create(query).ToUriComponent();
    }

    public string EventLink(string name) =>
        $"/p/{Access.Project.Id}/events" + QueryString.Create("event", name).ToUriComponent();

    public static string Properties(JsonElement properties) => JsonSerializer.Serialize(properties, PropertiesJson);

    /// <summary>A sample value as JSON text, cut short so one long value cannot stretch the table.</summary>
    public static string Sample(object? value)
    {
        var text = JsonSerializer.Serialize(value, CompactJson);
        return text.Length <= 40 ? text : text[..39] + "…";
    }

    public static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
