using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Yunying.Server.Dashboard;

/// <summary>
/// A secret (project secret key or personal token) carried across the redirect after the POST that made it,
/// in TempData, so it is shown on exactly one page view. TempData's cookie is encrypted by data protection.
/// </summary>
/// <param name="Kind"><c>secret-key</c> or <c>token</c>; picks the warning shown with it.</param>
/// <param name="Value">The secret itself.</param>
public sealed record OneTimeSecret(string Kind, string Value)
{
    public const string SecretKey = "secret-key";
    public const string PersonalToken = "token";

    private const string KindKey = "OneTimeSecret.Kind";
    private const string ValueKey = "OneTimeSecret.Value";

    public void Keep(ITempDataDictionary tempData)
    {
        tempData[KindKey] = Kind;
        tempData[ValueKey] = Value;
    }

    public static OneTimeSecret? Take(ITempDataDictionary tempData) =>
        tempData[KindKey] is string kind && tempData[ValueKey] is string value ? new OneTimeSecret(kind, value) : null;
}
