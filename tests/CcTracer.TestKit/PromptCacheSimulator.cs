using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CcTracer.TestKit;

/// <summary>The usage a <see cref="PromptCacheSimulator"/> reports for one request.</summary>
/// <param name="Input">Tokens after the last cache breakpoint (not cached).</param>
/// <param name="CacheRead">The longest prefix cached by an earlier request within its TTL.</param>
/// <param name="CacheWrite">From the end of that prefix to the request's last breakpoint.</param>
public sealed record SimulatedUsage(int Input, int CacheRead, int CacheWrite);

/// <summary>
/// A model of Anthropic's prompt cache for scripted upstreams. A request is a sequence of blocks in
/// prefix order — tool definitions, system blocks, then each message's content blocks — and every
/// block with <c>cache_control</c> is a breakpoint. A request reads the longest prefix that an
/// earlier request wrote at one of its breakpoints, if that entry was used within its TTL (5 min,
/// or 1 h for <c>"ttl":"1h"</c>); it writes from there up to its own last breakpoint; the rest is
/// plain input. The model, <c>thinking</c>, <c>tool_choice</c> and <c>output_config</c> key every
/// entry, so changing one of them misses. Tokens are estimated as UTF-8 bytes / 4 of each block
/// without its <c>cache_control</c> (the marker's position is not content). Time comes from an
/// injectable <see cref="TimeProvider"/>, so TTL expiry is tested without waiting.
/// </summary>
public sealed class PromptCacheSimulator
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (int Tokens, DateTimeOffset Expires, TimeSpan Ttl)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates a simulator on <paramref name="time"/> (the system clock when null).</summary>
    public PromptCacheSimulator(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Simulates the cache for one Messages request body and returns the usage to report.</summary>
    public SimulatedUsage Process(ReadOnlySpan<byte> requestBody)
    {
        using var document = JsonDocument.Parse(requestBody.ToArray());
        var root = document.RootElement;
        var blocks = Blocks(root);
        var seed = string.Join('|', new[] { "model", "thinking", "tool_choice", "output_config" }.Select(k => root.TryGetProperty(k, out var v) ? v.GetRawText() : "-"));
        var hashes = new string[blocks.Count];
        var tokens = new int[blocks.Count];
        var previous = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var running = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            previous = SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(blocks[i].Text)]);
            hashes[i] = Convert.ToHexString(previous);
            running += Math.Max(1, Encoding.UTF8.GetByteCount(blocks[i].Text) / 4);
            tokens[i] = running;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var read = 0;
            for (var i = blocks.Count - 1; i >= 0; i--)
            {
                if (_entries.TryGetValue(hashes[i], out var entry) && entry.Expires >= now)
                {
                    read = entry.Tokens;
                    _entries[hashes[i]] = entry with { Expires = now + entry.Ttl };
                    break;
                }
            }

            var lastBreakpoint = -1;
            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i].Ttl is { } ttl)
                {
                    lastBreakpoint = i;
                    _entries[hashes[i]] = (tokens[i], now + ttl, ttl);
                }
            }

            var total = blocks.Count > 0 ? tokens[^1] : 1;
            var write = lastBreakpoint >= 0 ? Math.Max(0, tokens[lastBreakpoint] - read) : 0;
            return new SimulatedUsage(Math.Max(1, total - read - write), read, write);
        }
    }

    /// <summary>Forgets every entry (as if the API evicted them).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>
    /// The events of <paramref name="script"/> with <c>message_start</c>'s usage replaced by
    /// <paramref name="usage"/> (what a real response reports).
    /// </summary>
    public static IReadOnlyList<ScriptedEvent> WithUsage(IReadOnlyList<ScriptedEvent> events, SimulatedUsage usage)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(usage);
        return [.. events.Select(e => e.Name != "message_start" ? e : e with
        {
            Data = e.Data
                .Replace("\"cache_creation_input_tokens\":0", $"\"cache_creation_input_tokens\":{usage.CacheWrite}", StringComparison.Ordinal)
                .Replace("\"cache_read_input_tokens\":0", $"\"cache_read_input_tokens\":{usage.CacheRead}", StringComparison.Ordinal)
                .Replace(InputTokens(e.Data), $"\"input_tokens\":{usage.Input}", StringComparison.Ordinal),
        })];
    }

    private static string InputTokens(string data)
    {
        var at = data.IndexOf("\"input_tokens\":", StringComparison.Ordinal);
        var end = at + "\"input_tokens\":".Length;
        while (end < data.Length && char.IsAsciiDigit(data[end]))
        {
            end++;
        }

        return data[at..end];
    }

    private static List<(string Text, TimeSpan? Ttl)> Blocks(JsonElement root)
    {
        var blocks = new List<(string, TimeSpan?)>();
        void Add(JsonElement block, string prefix)
        {
            TimeSpan? ttl = null;
            var text = new StringBuilder(prefix);
            if (block.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in block.EnumerateObject())
                {
                    if (property.NameEquals("cache_control"))
                    {
                        ttl = property.Value.TryGetProperty("ttl", out var t) && t.ValueEquals("1h") ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(5);
                    }
                    else
                    {
                        text.Append(property.Name).Append(':').Append(property.Value.GetRawText()).Append(',');
                    }
                }
            }
            else
            {
                text.Append(block.GetRawText());
            }

            blocks.Add((text.ToString(), ttl));
        }

        foreach (var name in new[] { "tools", "system" })
        {
            if (root.TryGetProperty(name, out var list))
            {
                if (list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var block in list.EnumerateArray())
                    {
                        Add(block, name + ":");
                    }
                }
                else if (list.ValueKind == JsonValueKind.String)
                {
                    Add(list, name + ":");
                }
            }
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                var role = message.TryGetProperty("role", out var r) ? r.GetRawText() : "?";
                if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
                {
                    foreach (var block in content.EnumerateArray())
                    {
                        Add(block, role + ":");
                    }
                }
                else if (message.TryGetProperty("content", out content))
                {
                    // String content is one text block to the API.
                    blocks.Add(($"{role}:type:\"text\",text:{content.GetRawText()},", null));
                }
            }
        }

        return blocks;
    }
}
