using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CcTracer.Settings;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Settings;

/// <summary>Runs the SessionStart command hook the merger writes, the way Claude Code does: <c>sh -c</c> with the payload on stdin.</summary>
public sealed class ForwardCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string CommandFor(int port, string eventName = "SessionStart")
    {
        var path = _dir.File("settings.json");
        new SettingsMerger(new SettingsMergerOptions { Port = port }).Merge(path);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        return root["hooks"]![eventName]![0]!["hooks"]![0]!["command"]!.GetValue<string>();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunShell(string command, byte[] stdin, string? path = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        if (path is not null)
        {
            info.Environment["PATH"] = path;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, TestContext.Current.CancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command may exit without reading stdin (no curl): Claude Code copes with that too.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task With_the_server_down_the_command_exits_0_silently()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX shell command");
        var command = CommandFor(FreePort());

        var (exit, stdout, stderr) = await RunShell(command, File.ReadAllBytes(FixturePaths.File("hook-SessionStart.json")));

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Without_curl_the_command_exits_0_silently()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX shell command");
        var command = CommandFor(FreePort());

        var (exit, stdout, stderr) = await RunShell(command, File.ReadAllBytes(FixturePaths.File("hook-SessionStart.json")), path: "/nonexistent");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task With_a_listener_up_the_exact_stdin_json_is_posted_to_the_event_url()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX shell command");
        Assert.SkipUnless(File.Exists("/usr/bin/curl") || File.Exists("/bin/curl"), "curl is not installed");
        var payload = File.ReadAllBytes(FixturePaths.File("hook-SessionStart.json"));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var received = ReceiveOneRequest(listener, TestContext.Current.CancellationToken);

            var (exit, stdout, stderr) = await RunShell(CommandFor(port), payload);
            var (requestLine, headers, body) = await received;

            Assert.Equal(0, exit);
            Assert.Equal(string.Empty, stdout);
            Assert.Equal(string.Empty, stderr);
            Assert.Equal("POST /hooks/SessionStart HTTP/1.1", requestLine);
            Assert.Contains("content-type: application/json", headers, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(payload, body);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>A minimal HTTP/1.1 server: one request, read by Content-Length, answered 200.</summary>
    private static async Task<(string RequestLine, List<string> Headers, byte[] Body)> ReceiveOneRequest(TcpListener listener, CancellationToken cancellationToken)
    {
        using var client = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken);
            Assert.NotEqual(0, n);
            buffer.AddRange(chunk.AsSpan(0, n));
        }

        var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
        var headers = head.Skip(1).ToList();
        var length = int.Parse(headers.Single(h => h.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase)).Split(':')[1].Trim());
        if (headers.Any(h => h.Equals("expect: 100-continue", StringComparison.OrdinalIgnoreCase)))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
        }

        var body = buffer.Skip(headerEnd + 4).ToList();
        while (body.Count < length)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken);
            Assert.NotEqual(0, n);
            body.AddRange(chunk.AsSpan(0, n));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
        return (head[0], headers, body.ToArray());
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
