using Yunying.Testing;

namespace Yunying.Server.BrowserTests;

/// <summary>One running server for a class whose tests only read, so a theory does not start one per row.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    public RunningServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await RunningServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
