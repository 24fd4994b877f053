using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CcTracer.Tool.Lifecycle;

/// <summary>Asks a port's <c>/api/health</c> whether a tracer listens there.</summary>
internal sealed class HealthProbe : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        // A local server either answers at once or is not the tracer; never go through a proxy.
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        AllowAutoRedirect = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    public static Uri BaseUri(string host, int port)
        => new(string.Create(CultureInfo.InvariantCulture, $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}/"));

    public async Task<ProbeResult> ProbeAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _client.GetAsync(new Uri(baseUri, "api/health"), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new ProbeResult(ProbeKind.Nothing, null, "nothing listens");
        }
        catch (HttpRequestException ex)
        {
            return new ProbeResult(ProbeKind.Other, null, $"it does not answer HTTP like cc-tracer ({ex.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(ProbeKind.Silent, null, "it accepted a connection but did not answer /api/health within 3 s");
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new ProbeResult(ProbeKind.Other, null, $"/api/health answered HTTP {(int)response.StatusCode}");
            }

            try
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var health = JsonSerializer.Deserialize(bytes, ToolJsonContext.Default.HealthReport);
                return health is { Name: "cc-tracer" }
                    ? new ProbeResult(ProbeKind.Tracer, health, "cc-tracer")
                    : new ProbeResult(ProbeKind.Other, null, "/api/health does not name cc-tracer");
            }
            catch (JsonException)
            {
                return new ProbeResult(ProbeKind.Other, null, "/api/health did not answer JSON");
            }
        }
    }

    /// <summary>Posts the shutdown request with the server's token; true when it was accepted.</summary>
    public async Task<bool> RequestShutdownAsync(Uri baseUri, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, Server.ShutdownEndpoint.Path));
        request.Headers.Add(Server.ShutdownEndpoint.TokenHeader, token);
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
