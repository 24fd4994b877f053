using System.Net;

namespace CcTracer.Tool.Tests.Support;

/// <summary>What an open UI tab holds: a <c>GET /api/live</c> stream, connected once its hello event arrived.</summary>
internal sealed class LiveClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private LiveClient(HttpClient client, HttpResponseMessage response, StreamReader reader)
    {
        _client = client;
        _response = response;
        _reader = reader;
    }

    public static async Task<LiveClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/api/live"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/api/live answered {(int)response.StatusCode}");
        }

        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line && line != "event: hello")
        {
        }

        return new LiveClient(client, response, reader);
    }

    /// <summary>
    /// Reads the stream to its end: true when the server ended it with its last chunk, false when
    /// the connection was cut (a stop that gave up waiting for it aborts it). Waits up to <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> EndedCleanlyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _reader.ReadToEndAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
    }
}
