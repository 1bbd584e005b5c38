using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Yunying.Analytics.Capture;

namespace Yunying.Analytics.Tests;

/// <summary>An <see cref="ICaptureSink"/> that keeps what it is given and, like the engine, counts a repeated uuid as a duplicate.</summary>
public sealed class RecordingSink : ICaptureSink
{
    private readonly ConcurrentQueue<(Guid ProjectId, CapturedEvent Event)> _events = new();
    private readonly ConcurrentDictionary<Guid, bool> _seen = new();

    public IReadOnlyList<CapturedEvent> Events => _events.Select(e => e.Event).ToList();

    public IReadOnlyList<Guid> Projects => _events.Select(e => e.ProjectId).Distinct().ToList();

    public int Calls { get; private set; }

    public Task<CaptureResult> AcceptAsync(Guid projectId, IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        Calls++;
        var accepted = 0;
        foreach (var e in events)
        {
            if (_seen.TryAdd(e.Uuid, true))
            {
                _events.Enqueue((projectId, Kept(e)));
                accepted++;
            }
        }

        return Task.FromResult(new CaptureResult(accepted, events.Count - accepted));
    }

    /// <summary>A copy that outlives the request (capture's JSON values read the request body in place).</summary>
    private static CapturedEvent Kept(CapturedEvent e) => e with
    {
        Properties = (JsonObject)e.Properties.DeepClone(),
        Set = Copy(e.Set),
        SetOnce = Copy(e.SetOnce),
        Increment = Copy(e.Increment),
        Append = Copy(e.Append),
        Identity = e.Identity is { } identity ? identity with { GroupProperties = Copy(identity.GroupProperties), Identities = Copy(identity.Identities) } : null,
    };

    private static JsonObject? Copy(JsonObject? node) => (JsonObject?)node?.DeepClone();

    public CapturedEvent Single(string eventName) => Assert.Single(Events, e => e.Event == eventName);
}
