namespace Yunying.Analytics.Capture;

/// <summary>The SDK family whose wire format an event arrived in.</summary>
public enum CaptureSource
{
    /// <summary>PostHog SDKs (<c>/capture/</c>, <c>/batch/</c>, <c>/e/</c>, <c>/i/v0/e/</c>).</summary>
    PostHog,

    /// <summary>Segment SDKs (<c>/v1/…</c>).</summary>
    Segment,

    /// <summary>Sensors Analytics (神策) SDKs (<c>/sa</c>).</summary>
    Sensors,

    /// <summary>Yunying's own <c>/api/capture</c>.</summary>
    Native,
}
