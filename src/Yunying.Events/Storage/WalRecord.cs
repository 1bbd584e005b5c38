namespace Yunying.Events.Storage;

/// <summary>One intact record read back from a write-ahead-log file; <see cref="Body"/> points into the file's bytes.</summary>
internal readonly record struct WalRecord(byte Type, long Sequence, ReadOnlyMemory<byte> Body);
