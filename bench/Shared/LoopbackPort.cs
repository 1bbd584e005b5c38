using System.Net;
using System.Net.Sockets;

namespace Yunying.Bench.Shared;

/// <summary>Free TCP ports on the loopback interface, for the servers a benchmark starts.</summary>
internal static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
