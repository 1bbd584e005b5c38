namespace Yunying.Events.Partition;

/// <summary>What the partition's writer loop is asked to do.</summary>
internal enum WriteRequestKind
{
    Events,
    Forget,
    Freeze,
    Stop,
}
