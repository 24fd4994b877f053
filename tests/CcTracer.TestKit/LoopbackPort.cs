using System.Net;
using System.Net.Sockets;

namespace CcTracer.TestKit;

/// <summary>Loopback ports for tests.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (the OS picks it; it is free until someone binds it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
