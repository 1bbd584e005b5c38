using System.Diagnostics;
using Yunying.Events.Partition;
using Yunying.Events.Storage;

namespace Yunying.Events.Bench;

/// <summary>Component timings of the write path (run with --micro) to see where append time goes.</summary>
internal static class Micro
{
    public static void Run(SyntheticEvents synthetic, int batches, long end)
    {
        var records = new List<ByteBuffer>();
        var sw = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var batch = synthetic.Batch(b, batches, end);
            var buffer = new ByteBuffer(200_000);
            buffer.GetSpan(WalFormat.BodyOffset);
            buffer.Advance(WalFormat.BodyOffset);
            buffer.WriteUInt32((uint)batch.Length);
            foreach (var e in batch)
            {
                buffer.WriteGuid(e.Uuid);
                buffer.WriteInt64(e.TimestampMicros);
                buffer.WriteString(e.Event);
                buffer.WriteString(e.DistinctId);
                buffer.WriteBytes(e.PropertiesJson.Span);
            }

            records.Add(buffer);
        }

        Console.WriteLine($"generate+encode: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        foreach (var r in records)
        {
            WalFormat.SealRecord(r.WrittenSpan, WalFormat.EventsRecord, 1);
        }

        Console.WriteLine($"crc: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        var tokenized = new List<TokenizedBatch>();
        for (var b = 0; b < batches; b++)
        {
            var t = new TokenizedBatch();
            foreach (var e in synthetic.Batch(b, batches, end))
            {
                t.Add(e.PropertiesJson.Span);
            }

            tokenized.Add(t);
        }

        Console.WriteLine($"tokenize (+generate): {sw.Elapsed.TotalMilliseconds:F0} ms");
        var t3 = new StringTables();
        var m3 = new Memtable();
        sw.Restart();
        for (var b = 0; b < batches; b++)
        {
            m3.ApplyEvents(records[b].WrittenSpan[WalFormat.BodyOffset..], t3, tokenized[b]);
        }

        Console.WriteLine($"apply pre-tokenized (writer loop work): {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        m3 = new Memtable();
        for (var b = 0; b < batches; b++)
        {
            m3.ApplyEvents(records[b].WrittenSpan[WalFormat.BodyOffset..], t3, tokenized[b]);
        }

        Console.WriteLine($"apply pre-tokenized again (warm dictionaries): {sw.Elapsed.TotalMilliseconds:F0} ms");
        var tables = new StringTables();
        var memtable = new Memtable();
        sw.Restart();
        foreach (var r in records)
        {
            memtable.ApplyEvents(r.WrittenSpan[WalFormat.BodyOffset..], tables);
        }

        Console.WriteLine($"apply: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        var tokens = 0L;
        for (var b = 0; b < batches; b++)
        {
            foreach (var e in synthetic.Batch(b, batches, end))
            {
                var reader = new System.Text.Json.Utf8JsonReader(e.PropertiesJson.Span);
                while (reader.Read())
                {
                    tokens++;
                }
            }
        }

        Console.WriteLine($"json tokens only (+generate): {sw.Elapsed.TotalMilliseconds:F0} ms, {tokens} tokens");
        sw.Restart();
        var t2 = new StringTables();
        var m2 = new Memtable();
        foreach (var r in records)
        {
            m2.ApplyEvents(r.WrittenSpan[WalFormat.BodyOffset..], t2);
        }

        Console.WriteLine($"apply again (fresh tables): {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        foreach (var r in records)
        {
            memtable.ApplyEvents(r.WrittenSpan[WalFormat.BodyOffset..], tables);
        }

        Console.WriteLine($"apply again (warm tables, 2M rows): {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        for (var i = 0; i < batches; i++)
        {
            memtable.CreateView();
        }

        Console.WriteLine($"views: {sw.Elapsed.TotalMilliseconds:F0} ms");
        var view = m2.CreateView();
        sw.Restart();
        var order = SegmentWriter.SortOrder(view);
        Console.WriteLine($"sort order: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        var image = SegmentWriter.Build(view, order, 1, sorted: true);
        Console.WriteLine($"build image ({image.Length / 1e6:F1} MB): {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        var crc = Crc32C.Compute(image);
        Console.WriteLine($"crc32c: {sw.Elapsed.TotalMilliseconds:F1} ms (sse4.2 {System.Runtime.Intrinsics.X86.Sse42.X64.IsSupported}) {crc}");
        sw.Restart();
        SegmentReader.Parse(image, "x");
        Console.WriteLine($"parse: {sw.Elapsed.TotalMilliseconds:F1} ms");
        var path = Path.Combine(Path.GetTempPath(), "micro-" + Guid.NewGuid().ToString("N") + ".yseg");
        DurableFiles.WriteAllDurably(path, image);
        sw.Restart();
        SegmentReader.Read(path);
        Console.WriteLine($"read+parse from page cache: {sw.Elapsed.TotalMilliseconds:F1} ms");
        File.Delete(path);
    }
}
