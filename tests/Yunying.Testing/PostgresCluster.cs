using System.Text.RegularExpressions;
using Npgsql;
using Xunit;

namespace Yunying.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster in a temporary folder, listening on a free loopback port. Use it as an
/// xunit assembly fixture so one cluster serves a whole test run, and give each test its own database
/// through <see cref="CreateDatabaseAsync"/>. When the server programs are missing the fixture records
/// why in <see cref="Problem"/>, and <see cref="Require"/> skips the test (or fails it under CI).
/// </summary>
public sealed partial class PostgresCluster : IAsyncLifetime
{
    public const string UserName = "yunying";

    private const string ServiceAccount = "postgres";

    private string? _root;
    private string? _binDir;
    private string? _runUser;
    private Exception? _startFailure;

    /// <summary>Why PostgreSQL cannot be used here, or null when the cluster is running (or failed to start; see <see cref="Require"/>).</summary>
    public string? Problem { get; private set; }

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_root!, "data");

    private string SocketDirectory => Path.Combine(_root!, "sockets");

    private string LogFile => Path.Combine(_root!, "postgres.log");

    /// <summary>Skips (or under CI fails) the calling test when PostgreSQL is not installed, and fails it when the cluster would not start.</summary>
    public void Require()
    {
        RealServers.Require("PostgreSQL", Problem);
        if (_startFailure is not null)
        {
            throw new InvalidOperationException("The PostgreSQL test cluster did not start.", _startFailure);
        }
    }

    /// <summary>A database name no other test uses: the prefix (lower-case letters, digits, underscores) and a random suffix.</summary>
    public static string UniqueName(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        return name.Length <= 63 ? name : name[..63];
    }

    public string ConnectionStringFor(string database)
    {
        Require();
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = UserName,
            Database = database,
            IncludeErrorDetail = true,
            Timeout = 15,
        }.ToString();
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        Require();
        await ExecuteAsync($"CREATE DATABASE \"{CheckName(name)}\"", cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>Drops a database, ending any sessions still connected to it.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using (var pooled = new NpgsqlConnection(ConnectionStringFor(CheckName(name))))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
    }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var searched = new List<string>();
        _binDir = await PostgresBinaries.FindAsync(searched, cancellationToken);
        if (_binDir is null)
        {
            Problem = $"initdb not found (looked at {string.Join(", ", searched)}); install the postgresql package or set {PostgresBinaries.BinDirVariable}";
            return;
        }

        // initdb and postgres refuse to run as root, so under root they run as the packaged service account.
        if (Environment.IsPrivilegedProcess)
        {
            _runUser = ProcessRunner.FindOnPath("runuser");
            if (_runUser is null || !await AccountExistsAsync(ServiceAccount, cancellationToken))
            {
                Problem = $"running as root, and initdb refuses root; it needs runuser and a '{ServiceAccount}' account (install the postgresql package)";
                return;
            }
        }

        try
        {
            await StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _startFailure = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            await RunServerProgramAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], CancellationToken.None);
        }

        Directory.Delete(_root, recursive: true);
        _root = null;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _root = Directory.CreateTempSubdirectory("yunying-pg-").FullName;
        Directory.CreateDirectory(SocketDirectory);
        if (_runUser is not null)
        {
            await CheckAsync(ProcessRunner.RunAsync("chown", ["-R", $"{ServiceAccount}:", _root], cancellationToken), "chown");
        }

        await CheckAsync(
            RunServerProgramAsync(
                "initdb",
                ["-D", DataDirectory, "-U", UserName, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                cancellationToken),
            "initdb");

        // A port can be taken between choosing and binding it; another one is tried then.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var settings = $"-p {Port} -h 127.0.0.1 -k '{SocketDirectory}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            var (exitCode, output) = await RunServerProgramAsync(
                "pg_ctl", ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", settings], cancellationToken);
            if (exitCode == 0)
            {
                break;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"pg_ctl start failed ({exitCode}): {output}\n{ReadLog()}");
            }
        }

        await WaitUntilAcceptingAsync(cancellationToken);
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await ExecuteAsync("SELECT 1", cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = UserName,
            Database = "postgres",
            Pooling = false,
        }.ToString();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<(int ExitCode, string Output)> RunServerProgramAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDir!, program);
        return _runUser is null
            ? ProcessRunner.RunAsync(path, arguments, cancellationToken)
            : ProcessRunner.RunAsync(_runUser, ["-u", ServiceAccount, "--", path, .. arguments], cancellationToken);
    }

    private static async Task CheckAsync(Task<(int ExitCode, string Output)> run, string what)
    {
        var (exitCode, output) = await run;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({exitCode}): {output}");
        }
    }

    private static async Task<bool> AccountExistsAsync(string account, CancellationToken cancellationToken)
    {
        var (exitCode, _) = await ProcessRunner.RunAsync("id", ["-u", account], cancellationToken);
        return exitCode == 0;
    }

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";

    private static string CheckName(string name) =>
        DatabaseName().IsMatch(name) ? name : throw new ArgumentException($"'{name}' is not a plain database name.", nameof(name));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
