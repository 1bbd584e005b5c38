namespace Yunying.Analytics.Capture;

/// <summary>A request as a decoder read it: the write key it carried (if any) and one draft per event, in order.</summary>
internal sealed record DecodedRequest(string? WriteKey, IReadOnlyList<EventDraft> Drafts);
