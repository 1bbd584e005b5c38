using System.Text.Json;
using System.Text.Json.Serialization;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>Reading and writing the query model as JSON (camelCase, <c>kind</c> anywhere in the object), with errors that say what is wrong.</summary>
public static class QueryJson
{
    /// <summary>The options the API and the CLI use for queries and results.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        AllowOutOfOrderMetadataProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
    };

    /// <summary>Parses a query; unknown or not-yet-available kinds and malformed JSON are validation errors.</summary>
    public static Result<AnalyticsQuery> Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException e)
        {
            return QueryErrors.BadJson($"The query is not valid JSON: {e.Message}", null);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Parses a query from a JSON element.</summary>
    public static Result<AnalyticsQuery> Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return QueryErrors.BadJson("The query must be a JSON object with a 'kind'.", null);
        }

        string? kind = null;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, "kind", StringComparison.OrdinalIgnoreCase))
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return QueryErrors.UnknownKind(property.Value.GetRawText());
                }

                kind = property.Value.GetString();
            }
        }

        if (string.IsNullOrWhiteSpace(kind))
        {
            return QueryErrors.MissingKind();
        }

        if (!QueryKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            return QueryErrors.UnknownKind(kind);
        }

        try
        {
            return element.Deserialize<AnalyticsQuery>(Options) is { } query
                ? query
                : QueryErrors.BadJson("The query is empty.", null);
        }
        catch (JsonException e)
        {
            return QueryErrors.BadJson(Describe(e), e.Path);
        }
    }

    /// <summary>The result as JSON text.</summary>
    public static string Write(AnalyticsResult result, bool indented = false) =>
        JsonSerializer.Serialize(result, indented ? IndentedOptions : Options);

    private static readonly JsonSerializerOptions IndentedOptions = new(Options) { WriteIndented = true };

    private static string Describe(JsonException e)
    {
        // System.Text.Json's messages name CLR types; keep the first sentence, which says what was wrong.
        var message = e.Message;
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "The query does not match the model: " + (path > 0 ? message[..path] : message);
    }
}
