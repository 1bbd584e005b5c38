using System.ComponentModel;

namespace Yunying.Testing;

/// <summary>Finds the folder holding PostgreSQL's server programs (<c>initdb</c>, <c>pg_ctl</c>).</summary>
public static class PostgresBinaries
{
    public const string BinDirVariable = "YUNYING_PG_BINDIR";

    /// <summary>
    /// Looks, in order, at <c>YUNYING_PG_BINDIR</c>, <c>pg_config --bindir</c>, the newest
    /// <c>/usr/lib/postgresql/*/bin</c> (Debian keeps the server off PATH), then PATH.
    /// </summary>
    /// <returns>The folder, or null with <paramref name="searched"/> saying where it looked.</returns>
    public static async Task<string?> FindAsync(List<string> searched, CancellationToken cancellationToken)
    {
        // An explicit setting is the only place looked at, so a wrong one is reported instead of papered over.
        if (Environment.GetEnvironmentVariable(BinDirVariable) is { Length: > 0 } configured)
        {
            searched.Add($"{BinDirVariable}={configured}");
            return HasServerPrograms(configured) ? configured : null;
        }

        if (await PgConfigBinDirAsync(cancellationToken) is { } reported)
        {
            searched.Add($"{reported} (pg_config --bindir)");
            if (HasServerPrograms(reported))
            {
                return reported;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        searched.Add($"{debianRoot}/*/bin");
        var debian = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(folder => (Folder: Path.Combine(folder, "bin"), Version: ParseVersion(Path.GetFileName(folder))))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Folder)
                .FirstOrDefault(HasServerPrograms)
            : null;
        if (debian is not null)
        {
            return debian;
        }

        searched.Add("PATH");
        return ProcessRunner.FindOnPath("initdb") is { } initdb && Path.GetDirectoryName(initdb) is { } folder && HasServerPrograms(folder)
            ? folder
            : null;
    }

    private static bool HasServerPrograms(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    private static Version ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : new Version(0, 0);

    private static async Task<string?> PgConfigBinDirAsync(CancellationToken cancellationToken)
    {
        if (ProcessRunner.FindOnPath("pg_config") is not { } pgConfig)
        {
            return null;
        }

        try
        {
            var (exitCode, output) = await ProcessRunner.RunAsync(pgConfig, ["--bindir"], cancellationToken);
            return exitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
