using System.Text.Json;

namespace Yunying.Events.Storage;

/// <summary>
/// The partition's table of contents (<c>manifest.json</c>): which segment files are live, how much of
/// the dictionary file is valid, and the last WAL sequence whose effects are sealed into segments.
/// Replaced atomically (temp file, fsync, rename, directory fsync); it is the commit point of sealing
/// and forgetting.
/// </summary>
internal sealed record Manifest(long SealedThroughSequence, long NextSegmentId, long DictionaryLength, IReadOnlyList<long> SegmentIds)
{
    public const string FileName = "manifest.json";
    public const int Version = 1;

    public static Manifest Empty { get; } = new(0, 1, 0, []);

    public static Manifest Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var version = root.GetProperty("formatVersion").GetInt32();
            if (version != Version)
            {
                throw new EventStoreFormatException(
                    $"Manifest '{path}' has format version {version}; this build reads version {Version} only.");
            }

            var segments = new List<long>();
            foreach (var segment in root.GetProperty("segments").EnumerateArray())
            {
                segments.Add(segment.GetProperty("id").GetInt64());
            }

            return new Manifest(
                root.GetProperty("sealedThroughSequence").GetInt64(),
                root.GetProperty("nextSegmentId").GetInt64(),
                root.GetProperty("dictionaryLength").GetInt64(),
                segments);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EventStoreFormatException($"Manifest '{path}' is malformed.", e);
        }
    }

    public void Save(string directory)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", Version);
            writer.WriteNumber("sealedThroughSequence", SealedThroughSequence);
            writer.WriteNumber("nextSegmentId", NextSegmentId);
            writer.WriteNumber("dictionaryLength", DictionaryLength);
            writer.WriteStartArray("segments");
            foreach (var id in SegmentIds)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", id);
                writer.WriteString("file", SegmentFormat.FileName(id));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        DurableFiles.ReplaceAtomically(Path.Combine(directory, FileName), buffer.ToArray());
    }
}
