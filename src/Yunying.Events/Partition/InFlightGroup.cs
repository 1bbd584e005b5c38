namespace Yunying.Events.Partition;

/// <summary>A written group whose fsync may still be running, with the tail's extent once it is applied.</summary>
internal sealed record InFlightGroup(List<WriteRequest> Requests, long FirstSequence, Task Flush, int RowCount, long MinTimestamp, long MaxTimestamp);
