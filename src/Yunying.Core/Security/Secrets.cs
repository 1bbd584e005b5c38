using System.Security.Cryptography;
using System.Text;

namespace Yunying.Core.Security;

/// <summary>
/// Generates the project keys and personal tokens, and hashes them for storage. Keys carry a short
/// prefix that says what they are, so a leaked one is recognisable in logs and by secret scanners.
/// </summary>
public static class Secrets
{
    /// <summary>Prefix of a project's public write key (used by SDKs for capture).</summary>
    public const string WriteKeyPrefix = "ywk_";

    /// <summary>Prefix of a project's secret key (server-to-server).</summary>
    public const string SecretKeyPrefix = "ysk_";

    /// <summary>Prefix of an operator's personal API token.</summary>
    public const string PersonalTokenPrefix = "ypt_";

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string NewWriteKey() => WriteKeyPrefix + RandomText(32);

    public static string NewSecretKey() => SecretKeyPrefix + RandomText(40);

    public static string NewPersonalToken() => PersonalTokenPrefix + RandomText(40);

    /// <summary>A password for a generated account: long, random, and without look-alike characters.</summary>
    public static string NewPassword() => RandomText(20, "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ");

    /// <summary>
    /// SHA-256 of a high-entropy secret, as lower-case hex. No salt is needed: the secrets are random
    /// and long, so the hash cannot be reversed by guessing, and an unsalted hash can be looked up by index.
    /// </summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The first characters of a secret, safe to show so people can tell keys apart.</summary>
    public static string Hint(string secret) => secret.Length <= 10 ? secret : secret[..10] + "…";

    private static string RandomText(int length, string alphabet = Alphabet)
    {
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
