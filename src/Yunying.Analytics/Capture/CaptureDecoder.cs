using Microsoft.AspNetCore.Http;

namespace Yunying.Analytics.Capture;

/// <summary>Turns one SDK family's decompressed request body into its write key and event drafts.</summary>
internal delegate (DecodedRequest? Request, CaptureFailure? Failure) CaptureDecoder(HttpRequest request, ReadOnlyMemory<byte> body, CaptureOptions options);
