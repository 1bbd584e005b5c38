namespace Yunying.Analytics.Capture;

/// <summary>
/// The rules every SDK family shares: usable ids, event size, clock-skew correction and the future limit.
/// </summary>
internal static class CaptureRules
{
    /// <summary>The event, or why it is rejected.</summary>
    public static (CapturedEvent? Event, string? Rejection) Complete(EventDraft draft, CaptureSource source, DateTimeOffset receivedAt, CaptureOptions options)
    {
        if (draft.Rejection is not null)
        {
            return (null, draft.Rejection);
        }

        if (draft.Size > options.MaxEventBytes)
        {
            return (null, $"event is {draft.Size} bytes; the limit is {options.MaxEventBytes}");
        }

        if (string.IsNullOrWhiteSpace(draft.Event))
        {
            return (null, "event name is missing");
        }

        if (draft.Event.Length > 400)
        {
            return (null, "event name is longer than 400 characters");
        }

        if (DistinctIds.Problem(draft.DistinctId, options.MaxDistinctIdLength) is { } idProblem)
        {
            return (null, idProblem);
        }

        var identity = draft.Identity;
        if (identity?.PreviousId is { } previous
            && (!DistinctIds.IsUsable(previous, options.MaxDistinctIdLength) || previous == draft.DistinctId))
        {
            // A placeholder must never merge people, and a person cannot merge with itself; the event still counts.
            identity = null;
        }

        var captured = new CapturedEvent(
            draft.Uuid ?? (draft.UuidSeed is { } seed ? DeterministicGuid.From(seed) : Guid.CreateVersion7(receivedAt)),
            draft.Event,
            draft.DistinctId!,
            EventTime(draft, receivedAt, options),
            receivedAt,
            draft.Properties,
            source,
            draft.Library)
        {
            Set = draft.Set,
            SetOnce = draft.SetOnce,
            Unset = draft.Unset,
            Increment = draft.Increment,
            Append = draft.Append,
            Identity = identity,
        };
        return (captured, null);
    }

    /// <summary>
    /// Corrects the client's clock: with the send time by the same clock, the event happened
    /// (sent − timestamp) before the server received it; with a PostHog offset, that many milliseconds before.
    /// </summary>
    public static DateTimeOffset EventTime(EventDraft draft, DateTimeOffset receivedAt, CaptureOptions options)
    {
        DateTimeOffset time;
        if (draft.Timestamp is { } timestamp && draft.SentAt is { } sentAt)
        {
            time = receivedAt + (timestamp - sentAt);
        }
        else if (draft.OffsetMilliseconds is { } offset)
        {
            time = receivedAt - TimeSpan.FromMilliseconds(offset);
        }
        else
        {
            time = draft.Timestamp ?? receivedAt;
        }

        return time > receivedAt + options.FutureTolerance ? receivedAt : time.ToUniversalTime();
    }
}
