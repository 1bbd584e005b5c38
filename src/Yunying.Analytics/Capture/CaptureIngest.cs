using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Yunying.Analytics.Capture;

/// <summary>
/// The capture pipeline every endpoint shares. Whole-request failures (size, malformed body, key, storage)
/// come back as a <see cref="CaptureFailure"/>; single bad events become <see cref="Rejection"/>s and the rest is kept.
/// </summary>
internal sealed class CaptureIngest(IWriteKeyResolver keys, ICaptureSink sink, TimeProvider clock, IOptions<CaptureOptions> options, ILogger<CaptureIngest> logger)
{
    private readonly CaptureOptions _options = options.Value;

    public async Task<(CaptureOutcome? Outcome, CaptureFailure? Failure)> CaptureAsync(
        HttpRequest request, CaptureSource source, CaptureDecoder decode, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        ReadOnlyMemory<byte> body = default;
        if (!HttpMethods.IsGet(request.Method))
        {
            var (read, readFailure) = await CaptureBody.ReadAsync(request, _options, cancellationToken);
            if (readFailure is not null)
            {
                return Refuse(source, readFailure);
            }

            body = read;
        }

        var (decoded, decodeFailure) = decode(request, body, _options);
        if (decodeFailure is not null)
        {
            return Refuse(source, decodeFailure);
        }

        return await IngestAsync(source, decoded!, receivedAt, cancellationToken);
    }

    public async Task<(CaptureOutcome? Outcome, CaptureFailure? Failure)> IngestAsync(
        CaptureSource source, DecodedRequest decoded, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(decoded.WriteKey))
        {
            return Refuse(source, CaptureFailure.MissingKey());
        }

        if (await keys.ResolveAsync(decoded.WriteKey.Trim(), cancellationToken) is not { } projectId)
        {
            return Refuse(source, CaptureFailure.UnknownKey());
        }

        if (decoded.Drafts.Count == 0)
        {
            return Refuse(source, CaptureFailure.Malformed("The request holds no events."));
        }

        var events = new List<CapturedEvent>(decoded.Drafts.Count);
        var rejected = new List<Rejection>();
        for (var i = 0; i < decoded.Drafts.Count; i++)
        {
            var (captured, reason) = CaptureRules.Complete(decoded.Drafts[i], source, receivedAt, _options);
            if (captured is not null)
            {
                events.Add(captured);
            }
            else
            {
                rejected.Add(new Rejection(i, reason!));
            }
        }

        if (events.Count == 0)
        {
            return Refuse(source, CaptureFailure.Malformed("No event in the request could be accepted.") with { Rejected = rejected });
        }

        CaptureResult result;
        try
        {
            result = await sink.AcceptAsync(projectId, events, cancellationToken);
        }
        catch (CaptureUnavailableException e)
        {
            Log.SinkUnavailable(logger, source.ToString(), projectId, e.Message);
            return (null, CaptureFailure.Unavailable(e.Message));
        }

        Log.Captured(logger, source.ToString(), projectId, result.Accepted, result.Duplicates, rejected.Count);
        return (new CaptureOutcome(result.Accepted, result.Duplicates, rejected), null);
    }

    private (CaptureOutcome?, CaptureFailure?) Refuse(CaptureSource source, CaptureFailure failure)
    {
        Log.CaptureRefused(logger, source.ToString(), failure.Status, failure.Code);
        return (null, failure);
    }
}
