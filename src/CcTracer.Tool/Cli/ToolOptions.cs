using System.CommandLine;
using System.Globalization;
using System.Net;
using CcTracer.AspNetCore;
using CcTracer.Tool.Lifecycle;

namespace CcTracer.Tool.Cli;

/// <summary>
/// The options several commands share. A default is given by <c>DefaultValueFactory</c> only, never
/// also in the description: help prints it once, as <c>[default: …]</c>.
/// </summary>
internal static class ToolOptions
{
    public static Option<string> Settings(string description) => new("--settings") { Description = description, HelpName = "PATH" };

    public static Option<string> LogDirectory() => new("--log-dir")
    {
        Description = "Where session logs go (default: $TRACER_LOG_DIR, else ~/.cc-tracer/logs).",
        HelpName = "DIR",
    };

    public static Option<int> Port()
    {
        return new Option<int>("--port")
        {
            Description = "The tracer's port.",
            DefaultValueFactory = _ => TracerCommandLine.DefaultPort,
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
                {
                    return port;
                }

                result.AddError($"--port must be between 1 and 65535 (got '{text}').");
                return 0;
            },
        };
    }

    public static Option<string> Upstream(string description)
    {
        var option = new Option<string>("--upstream") { Description = description, HelpName = "URL" };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && UpstreamUrl.Parse(value) is null)
            {
                result.AddError($"--upstream must be an absolute http(s) URL (got '{value}').");
            }
        });
        return option;
    }

    public static Option<string> Bind()
    {
        var option = new Option<string>("--bind")
        {
            Description = "The address to listen on. Anything but loopback exposes the tracer and prints a warning.",
            HelpName = "ADDRESS",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!TryParseBind(value, out _))
            {
                result.AddError($"--bind must be an IP address, e.g. 127.0.0.1 or 0.0.0.0 (got '{value}').");
            }
        });
        return option;
    }

    public static Option<string> Pricing()
    {
        var option = new Option<string>("--pricing")
        {
            Description = "A JSON pricing file whose prices come before the built-in table for cost estimates (docs/http-api.md, \"Pricing file\").",
            HelpName = "FILE",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && !File.Exists(path))
            {
                result.AddError($"--pricing: no file '{path}'.");
            }
        });
        return option;
    }

    public static Option<string[]> AllowHost() => new("--allow-host")
    {
        Description = "Also answer requests whose Host is NAME (repeatable); by default only loopback names are answered.",
        HelpName = "NAME",
    };

    public static Option<double> StopTimeout()
    {
        var option = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for the server to stop before giving up on it (its hooks are removed either way).",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => ServerSupervisor.DefaultStopTimeout.TotalSeconds,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 3600))
            {
                result.AddError("--timeout must be more than 0 and at most 3600 seconds.");
            }
        });
        return option;
    }

    public static IPAddress ParseBind(string? value) => TryParseBind(value, out var address) ? address : IPAddress.Loopback;

    private static bool TryParseBind(string? value, out IPAddress address)
    {
        if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(value, out address!);
    }
}
