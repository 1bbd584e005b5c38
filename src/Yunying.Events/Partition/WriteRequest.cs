using Yunying.Events.Storage;

namespace Yunying.Events.Partition;

/// <summary>
/// One item for the writer loop. Log records arrive fully encoded (by the caller's thread, in parallel);
/// the loop only stamps the sequence and checksum, writes, fsyncs and applies.
/// </summary>
internal sealed class WriteRequest(WriteRequestKind kind, ByteBuffer? record = null)
{
    public WriteRequestKind Kind { get; } = kind;

    public ByteBuffer? Record { get; } = record;

    /// <summary>Completes with the record's sequence number once it is durable and visible.</summary>
    public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Forget: the distinct ordinals named, resolved by the writer.</summary>
    public HashSet<int>? Ordinals { get; set; }

    /// <summary>Forget: rows removed from the in-memory tail.</summary>
    public int RemovedFromTail { get; set; }

    /// <summary>Freeze: the tail handed to the sealer.</summary>
    public FrozenTail? Frozen { get; set; }
}
