using System.Text;
using Yunying.Events.Kernels;
using Yunying.Events.Reading;

namespace Yunying.Events.Tests;

public sealed class ConsistencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_ReplayOfTrickyJson_GivesSameIdsAndColumnsAsLivePath()
    {
        using var dir = new TempDirectory();
        string[] properties =
        [
            """{"a\u0062":"x\ny","ab":"dup-1","ab":2}""",
            """{"n":1e400,"m":-0.0,"deep":[[[[{"z":[]}]]]]}""",
            """{"ok":1,"broken":""",
            """[1,2,3]""",
            """{"ab":null,"s":"\ud83d\ude00"}""",
            "",
        ];
        EventRecord[] batch = [.. properties.Select((p, i) => Events.Make(i, $"e{i % 2}", $"d{i % 3}", p))];
        string live;
        await using (var store = EventStore.Open(dir.Path, new EventStoreOptions { SealOnDispose = false }))
        {
            await store.AppendAsync(Events.ProjectA, batch, Ct);
            live = Describe(await store.GetSnapshotAsync(Events.ProjectA, Ct));
        }

        await using var reopened = EventStore.Open(dir.Path, new EventStoreOptions { SealOnDispose = false });
        var replayed = Describe(await reopened.GetSnapshotAsync(Events.ProjectA, Ct));

        Assert.Equal(live, replayed);
        Assert.Contains("\"ab\"=Number:2", live, StringComparison.Ordinal); // the last duplicate key wins
        Assert.Contains("\"ok\"=Number:1", live, StringComparison.Ordinal); // kept before the malformed part
    }

    [Fact]
    public async Task AppendAsync_WhileSealingAndReading_EverySnapshotIsConsistent()
    {
        using var dir = new TempDirectory();
        await using var store = EventStore.Open(dir.Path, new EventStoreOptions { SealThreshold = 2_000 });
        const int Writers = 4, Batches = 40, Size = 100;
        var done = false;
        var reader = Task.Run(async () =>
        {
            long previous = 0;
            var snapshots = 0;
            while (!Volatile.Read(ref done))
            {
                var snapshot = await store.GetSnapshotAsync(Events.ProjectA, Ct);
                var counts = ScanKernels.CountByEvent(snapshot, long.MinValue, long.MaxValue);
                Assert.Equal(snapshot.RowCount, counts.Sum());
                Assert.Equal(snapshot.RowCount, snapshot.Segments.Sum(s => s.Uuids.ToArray().Distinct().Count()));
                Assert.True(snapshot.RowCount >= previous, "snapshots never go backwards");
                Assert.Equal(0, snapshot.RowCount % Size);
                previous = snapshot.RowCount;
                snapshots++;
            }

            return snapshots;
        }, Ct);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                await store.AppendAsync(Events.ProjectA, Events.Batch((w * 100_000) + (b * Size), Size), Ct);
            }
        }, Ct)));
        Volatile.Write(ref done, true);

        Assert.True(await reader > 0);
        var final = await store.GetSnapshotAsync(Events.ProjectA, Ct);
        Assert.Equal(Writers * Batches * Size, final.RowCount);
        Assert.Contains(final.Segments, s => s.IsSealed);
    }

    private static string Describe(ProjectSnapshot snapshot)
    {
        var text = new StringBuilder();
        foreach (var segment in snapshot.Segments)
        {
            for (var row = 0; row < segment.RowCount; row++)
            {
                text.Append(segment.Uuids[row]).Append(' ')
                    .Append(segment.EventIds[row]).Append('=').Append(snapshot.EventNames[segment.EventIds[row]]).Append(' ')
                    .Append(segment.DistinctOrdinals[row]).Append('=').Append(snapshot.DistinctIds[segment.DistinctOrdinals[row]]);
                foreach (var keyId in segment.PropertyKeyIds)
                {
                    segment.TryGetProperty(keyId, out var column);
                    var kind = column.KindAt(row);
                    if (kind == PropertyValueKind.Missing)
                    {
                        continue;
                    }

                    text.Append(" \"").Append(snapshot.PropertyKeys[keyId]).Append("\"=").Append(kind).Append(':');
                    text.Append(kind switch
                    {
                        PropertyValueKind.Number => column.Numbers[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                        PropertyValueKind.String or PropertyValueKind.Json => $"{column.StringIds[row]}={snapshot.PropertyValues[column.StringIds[row]]}",
                        _ => "",
                    });
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
