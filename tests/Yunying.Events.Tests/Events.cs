using System.Text;

namespace Yunying.Events.Tests;

/// <summary>Deterministic test events.</summary>
internal static class Events
{
    public static readonly Guid ProjectA = Guid.Parse("11111111-1111-1111-1111-111111111111");
    public static readonly Guid ProjectB = Guid.Parse("22222222-2222-2222-2222-222222222222");

    /// <summary>2024-01-01T00:00:00Z in microseconds.</summary>
    public const long BaseTime = 1_704_067_200_000_000;

    public static Guid Uuid(int i) => new(i, 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8);

    public static EventRecord Make(int i, string name = "$pageview", string? distinct = null, string properties = "{}", long? time = null) =>
        new(Uuid(i), time ?? BaseTime + (i * 1_000_000L), name, distinct ?? $"user-{i % 7}", Encoding.UTF8.GetBytes(properties));

    public static EventRecord[] Batch(int start, int count, string name = "$pageview") =>
        [.. Enumerable.Range(start, count).Select(i => Make(i, name, properties: $$"""{"n":{{i}},"s":"v{{i % 3}}"}"""))];

    public static async Task<List<ExportedEvent>> ReadAllAsync(EventStore store, Guid projectId)
    {
        var rows = new List<ExportedEvent>();
        await foreach (var row in store.ReadAllAsync(projectId, TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
