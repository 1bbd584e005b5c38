using System.Net;
using System.Net.Sockets;

namespace Yunying.Testing;

/// <summary>Free TCP ports on the loopback interface, for servers a test starts.</summary>
public static class FreePort
{
    /// <summary>
    /// A port the system just handed out and released. Another process could take it before the caller
    /// binds it; the window is small enough for tests.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
