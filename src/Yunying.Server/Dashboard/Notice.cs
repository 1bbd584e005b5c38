using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Yunying.Server.Dashboard;

/// <summary>A one-line outcome shown once on the page a POST redirects to.</summary>
public sealed record Notice(string Message, bool IsError)
{
    private const string MessageKey = "Notice.Message";
    private const string ErrorKey = "Notice.IsError";

    public static void Success(ITempDataDictionary tempData, string message) => Keep(tempData, message, false);

    public static void Failure(ITempDataDictionary tempData, string message) => Keep(tempData, message, true);

    public static Notice? Take(ITempDataDictionary tempData) =>
        tempData[MessageKey] is string message ? new Notice(message, tempData[ErrorKey] is true) : null;

    private static void Keep(ITempDataDictionary tempData, string message, bool isError)
    {
        tempData[MessageKey] = message;
        tempData[ErrorKey] = isError;
    }
}
