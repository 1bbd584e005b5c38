namespace Yunying.Events;

/// <summary>
/// A file in the event store has an unknown magic number, an unsupported format version or is corrupt
/// somewhere other than the torn tail of the newest write-ahead-log file.
/// </summary>
public sealed class EventStoreFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public EventStoreFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventStoreFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventStoreFormatException()
    {
    }
}
