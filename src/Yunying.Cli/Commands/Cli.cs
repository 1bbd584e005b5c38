using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunying.Core.Results;
using Yunying.Server.Hosting;
using Yunying.Server.Storage;

namespace Yunying.Cli.Commands;

/// <summary>What every verb shares: the state services, JSON and table output, and one-line errors with exit codes.</summary>
public static class Cli
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Runs a verb against the state store (migrated first unless MigrateOnStart is off), turning failures into one line on stderr.</summary>
    public static async Task<int> WithStateAsync(IReadOnlyDictionary<string, string?> overrides, Func<IServiceProvider, Task<int>> verb, CancellationToken cancellationToken)
    {
        try
        {
            var settings = YunyingConfiguration.Load(overrides);
            await using var services = StateStorage.BuildStateServices(settings);
            if (settings.MigrateOnStart)
            {
                await StateStorage.MigrateAsync(services, cancellationToken);
            }

            await using var scope = services.CreateAsyncScope();
            return await verb(scope.ServiceProvider);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(e.GetBaseException().Message);
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }

    /// <summary>Exit codes: 2 invalid input, 3 not found, 4 conflict, 5 not allowed, 1 anything else.</summary>
    public static int Fail(Error error)
    {
        Console.Error.WriteLine($"error: {error.Message} ({error.Code})");
        return error.Kind switch
        {
            ErrorKind.Validation => 2,
            ErrorKind.NotFound => 3,
            ErrorKind.Conflict => 4,
            ErrorKind.Forbidden or ErrorKind.Unauthorized => 5,
            _ => 1,
        };
    }

    public static void PrintJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Prints rows as aligned columns under a header.</summary>
    public static void PrintTable(string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
