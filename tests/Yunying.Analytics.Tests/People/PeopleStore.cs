using System.Text;
using Yunying.Analytics.People;
using Yunying.Events;

namespace Yunying.Analytics.Tests.People;

/// <summary>A real engine in a temporary folder, events written as the capture layer stores them, and the resolver.</summary>
internal sealed class PeopleStore : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("yunying-people-").FullName;
    private int _sequence;

    public PeopleStore()
    {
        Store = EventStore.Open(_directory);
    }

    public EventStore Store { get; }

    public Guid ProjectId { get; } = Guid.NewGuid();

    public PersonResolver Resolver { get; } = new();

    /// <summary>An event at minute <paramref name="minute"/> of 2026-11-01 (UTC) with raw JSON properties.</summary>
    public EventRecord Event(int minute, string name, string distinctId, string propertiesJson = "{}") =>
        new(Uuid(++_sequence), EventRecord.ToMicros(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute)), name, distinctId, Encoding.UTF8.GetBytes(propertiesJson));

    public Task AppendAsync(params EventRecord[] events) => Store.AppendAsync(ProjectId, events, TestContext.Current.CancellationToken);

    public Task SealAsync() => Store.FlushAsync(ProjectId, TestContext.Current.CancellationToken);

    public async Task<PersonMap> ResolveAsync() => Resolver.Resolve(await Store.GetSnapshotAsync(ProjectId, TestContext.Current.CancellationToken));

    public static int PersonOf(PersonMap map, string distinctId) =>
        map.Snapshot.DistinctIds.TryGetId(distinctId, out var ordinal) ? map.DistinctToPerson[ordinal] : throw new KeyNotFoundException(distinctId);

    private static Guid Uuid(int sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, sequence);
        bytes[15] = 0x42;
        return new Guid(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
