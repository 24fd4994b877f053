using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CcTracer.Tool.Tests.Support;

/// <summary>
/// A listener on a sandbox's port that answers <c>/api/health</c> as a tracer would, with what the
/// test chooses (a pid, record counters): the states a real server reaches only by failing.
/// </summary>
internal sealed class FakeTracer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public FakeTracer(int port, string healthJson)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _serving = ServeAsync(healthJson, _stop.Token);
    }

    public static string Health(int pid, string logDirectory, long dropped = 0, long writeFailures = 0)
        => string.Create(CultureInfo.InvariantCulture, $$"""
            {"name":"cc-tracer","version":"9.9.9","pid":{{pid}},"log_dir":"{{logDirectory}}","upstream":"https://api.anthropic.com/","started_at":"2026-01-01T00:00:00Z","records_accepted":10,"records_dropped":{{dropped}},"write_failures":{{writeFailures}}}
            """);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(string healthJson, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(healthJson);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            var stream = client.GetStream();
            var request = new byte[8192];
            var read = await stream.ReadAsync(request, cancellationToken);
            var line = Encoding.ASCII.GetString(request, 0, read).Split('\n')[0];
            var head = line.StartsWith("GET /api/health ", StringComparison.Ordinal)
                ? $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"
                : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
            if (head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            {
                await stream.WriteAsync(body, cancellationToken);
            }
        }
    }
}
