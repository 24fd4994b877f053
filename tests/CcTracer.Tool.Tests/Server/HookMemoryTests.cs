using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Server;

/// <summary>
/// Big hook bodies (7 x 60 MB) once left the server at several hundred MB for good: the shared
/// array pool kept the arrays they were escaped into, and nothing collected while idle. A real
/// <c>serve</c> process must come back near its idle size once it is idle again.
/// </summary>
public sealed class HookMemoryTests
{
    private const long Slack = 50L * 1024 * 1024;

    [Fact]
    public async Task A_server_given_big_hook_bodies_returns_near_its_idle_size_once_idle()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "reads the resident size from /proc");
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = new ToolSandbox();
        using var serve = sandbox.StartTool(["serve", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory], redirect: false);
        try
        {
            await PollAsync(async () => await AnswersAsync(sandbox), "the server never answered", ct);
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{sandbox.PortText}/"), Timeout = TimeSpan.FromMinutes(2) };
            await PostAsync(client, Hook(0, "small"), ct);
            var idle = Resident(serve.Id);

            // A tool result of 60 MB of text lines, as a PostToolUse hook carries it.
            var text = new StringBuilder(61 * 1024 * 1024);
            while (text.Length < 60 * 1024 * 1024)
            {
                text.Append('y', 1000).Append("\\n");
            }

            var big = Encoding.UTF8.GetBytes(Hook(1, text.ToString()));
            text.Clear();
            for (var i = 0; i < 7; i++)
            {
                await PostAsync(client, big, ct);
            }

            var peak = Resident(serve.Id);
            long now = peak;
            await PollAsync(() => Task.FromResult((now = Resident(serve.Id)) <= idle + Slack), () => $"idle {idle >> 20} MB, after the hooks {peak >> 20} MB, still {now >> 20} MB", ct);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(ct);
        }
    }

    private static async Task<bool> AnswersAsync(ToolSandbox sandbox)
    {
        try
        {
            return await sandbox.HealthAsync() is not null;
        }
        catch (TaskCanceledException)
        {
            // Still starting on a busy machine.
            return false;
        }
    }

    private static string Hook(int i, string response)
        => $"{{\"session_id\":\"mem\",\"hook_event_name\":\"PostToolUse\",\"tool_use_id\":\"toolu_{i}\",\"tool_response\":\"{response}\"}}";

    private static async Task PostAsync(HttpClient client, string body, CancellationToken ct) => await PostAsync(client, Encoding.UTF8.GetBytes(body), ct);

    private static async Task PostAsync(HttpClient client, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("hooks", UriKind.Relative), content, ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static long Resident(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static Task PollAsync(Func<Task<bool>> condition, string failure, CancellationToken ct) => PollAsync(condition, () => failure, ct);

    private static async Task PollAsync(Func<Task<bool>> condition, Func<string> failure, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), failure());
            await Task.Delay(250, ct);
        }
    }
}
