using CcTracer.Tool.Cli;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TracerCommandLine.RunAsync(args, new ToolOutput(output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_lists_every_command_and_the_exit_codes()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var command in new[] { "start", "stop", "status", "serve" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", output, StringComparison.Ordinal);
        Assert.Contains("127 claude not found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_help_documents_its_options()
    {
        var (code, output, _) = await RunAsync("start", "--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--settings", "--log-dir", "--port", "--upstream", "--server-only", "--no-first-party-mode", "--bind", "--allow-host", "--pricing" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-5")]
    public async Task Port_out_of_range_is_a_usage_error_that_names_the_range(string port)
    {
        var (code, _, error) = await RunAsync("start", "--server-only", "--port", port);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--port must be between 1 and 65535", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start", "--server-only")]
    [InlineData("serve", "--port", "1")]
    public async Task A_pricing_file_that_does_not_exist_is_a_usage_error(params string[] args)
    {
        var (code, _, error) = await RunAsync([.. args, "--pricing", "/no/such/prices.json"]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--pricing: no file '/no/such/prices.json'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_detached_server_gets_the_pricing_file()
    {
        var settings = new CcTracer.Tool.Server.ServeSettings(7355, System.Net.IPAddress.Loopback, "/tmp/logs", new Uri("https://api.anthropic.com"), []) { PricingFile = "/etc/prices.json" };
        var command = CcTracer.Tool.Lifecycle.ServerLauncher.ServeCommandLine(settings);
        Assert.Equal("/etc/prices.json", command[command.IndexOf("--pricing") + 1]);
        Assert.DoesNotContain("--pricing", CcTracer.Tool.Lifecycle.ServerLauncher.ServeCommandLine(settings with { PricingFile = null }));
    }

    [Fact]
    public async Task Port_that_is_not_a_number_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("status", "--port", "seventy");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("seventy", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    [InlineData("/relative")]
    public async Task Upstream_must_be_an_absolute_http_url(string upstream)
    {
        var (code, _, error) = await RunAsync("serve", "--upstream", upstream);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--upstream must be an absolute http(s) URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_must_be_an_ip_address()
    {
        var (code, _, error) = await RunAsync("serve", "--bind", "example.com");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--bind must be an IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_is_a_usage_error_pointing_at_help()
    {
        var (code, _, error) = await RunAsync();

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("cc-tracer --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_options_without_double_dash_are_rejected_rather_than_guessed()
    {
        var (code, _, error) = await RunAsync("start", "-p", "hello");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("-p", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Everything_after_double_dash_goes_to_claude_verbatim()
    {
        var (ours, claude) = TracerCommandLine.SplitClaudeArguments(["start", "--port", "7400", "--", "-p", "run echo hi", "--allowedTools", "Bash", "--port", "1", "--"]);
        var parsed = TracerCommandLine.Build(new ToolOutput(TextWriter.Null, TextWriter.Null), claude).Parse(ours);

        Assert.Empty(parsed.Errors);
        Assert.Equal(["-p", "run echo hi", "--allowedTools", "Bash", "--port", "1", "--"], claude);
        Assert.Equal(7400, parsed.GetValue<int>("--port"));
    }

    [Fact]
    public async Task A_mistyped_command_gets_the_librarys_did_you_mean()
    {
        var (code, output, error) = await RunAsync("statu");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("'statu'", error, StringComparison.Ordinal);
        Assert.Contains("Did you mean", output + error, StringComparison.Ordinal);
        Assert.Contains("status", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_option_of_start_is_named_and_corrected_not_taken_for_claudes()
    {
        var (code, output, error) = await RunAsync("start", "--server-oonly");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("'--server-oonly'", error, StringComparison.Ordinal);
        Assert.Contains("--server-only", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start", "7355")]
    [InlineData("start", "127.0.0.1")]
    [InlineData("stop", "7355")]
    [InlineData("serve", "7355")]
    public async Task Help_prints_each_default_once(string command, string defaultValue)
    {
        var (code, output, _) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, System.Text.RegularExpressions.Regex.Escape(defaultValue)));
    }

    [Theory]
    [InlineData("https://api.anthropic.com", true)]
    [InlineData("https://api.anthropic.com/", true)]
    [InlineData("http://api.anthropic.com", false)]
    [InlineData("https://gateway.example.com/anthropic", false)]
    [InlineData("http://127.0.0.1:9000", false)]
    public void Only_the_first_party_api_counts_as_first_party(string upstream, bool expected)
        => Assert.Equal(expected, StartCommand.IsFirstParty(upstream));
}
