using System.Security.Cryptography;
using System.Text;

namespace Yunying.Analytics.Capture;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5, SHA-1): a message id that is not a UUID, or a Sensors record,
/// always gets the same uuid, so a retried request is recognised as a duplicate downstream.
/// </summary>
internal static class DeterministicGuid
{
    // A fixed namespace of our own, so these ids never collide with another system's v5 ids of the same names.
    private static readonly Guid Namespace = new("6f1d4a52-3c1b-4e36-9a57-2b7f1c9e8d40");

    public static Guid From(string name)
    {
        Span<byte> input = stackalloc byte[16];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        input.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The id itself when it is a UUID; otherwise its name-based UUID.</summary>
    public static Guid FromMessageId(string messageId) =>
        Guid.TryParse(messageId, out var parsed) ? parsed : From(messageId);
}
