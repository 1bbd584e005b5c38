using Yunying.Events.Reading;

namespace Yunying.Events.Partition;

/// <summary>A tail taken out of service for sealing, with what the manifest must record once it is sealed.</summary>
internal sealed record FrozenTail(SegmentView View, long LastSequence, DictionaryCounts Counts, IReadOnlyList<string> ClosedWalFiles);
