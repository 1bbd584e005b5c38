using Microsoft.Extensions.Localization;
using Yunying.Core.Results;
using Yunying.Server.Resources;

namespace Yunying.Server.Dashboard;

/// <summary>Service errors in the operator's language: a translation keyed <c>Error.{code}</c> when there is one, else the service's own sentence.</summary>
public static class ErrorText
{
    public static string Localize(this IStringLocalizer<SharedResource> text, Error error)
    {
        var translated = text["Error." + error.Code];
        return translated.ResourceNotFound ? error.Message : translated.Value;
    }
}
