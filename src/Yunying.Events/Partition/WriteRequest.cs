using Yunying.Events.Storage;

namespace Yunying.Events.Partition;

/// <summary>
/// One item for the writer loop. Log records arrive fully encoded (by the caller's thread, in parallel);
/// the loop only stamps the sequence and checksum, writes, fsyncs and applies.
/// </summary>
internal sealed class WriteRequest(WriteRequestKind kind, ByteBuffer? record = null, TokenizedBatch? tokens = null)
{
    /// <summary>Events: the batch's properties, tokenized by the appender (released once applied).</summary>
    public TokenizedBatch? Tokens { get; private set; } = tokens;

    public WriteRequestKind Kind { get; } = kind;

    public ByteBuffer? Record { get; } = record;

    /// <summary>Completes with the record's sequence number once it is durable and visible.</summary>
    public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Forget: the distinct ordinals named, resolved by the writer.</summary>
    public HashSet<int>? Ordinals { get; set; }

    /// <summary>Forget: rows removed from the in-memory tail.</summary>
    public int RemovedFromTail { get; set; }

    public void ReleaseTokens()
    {
        Tokens?.Dispose();
        Tokens = null;
    }

    /// <summary>Freeze: the tail handed to the sealer.</summary>
    public FrozenTail? Frozen { get; set; }
}
