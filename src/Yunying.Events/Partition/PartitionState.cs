using Yunying.Events.Reading;

namespace Yunying.Events.Partition;

/// <summary>What a snapshot sees; replaced as a whole (never mutated) so readers need no lock.</summary>
internal sealed record PartitionState(SegmentView[] Segments, SegmentView? Frozen, SegmentView Tail, long Sequence);
