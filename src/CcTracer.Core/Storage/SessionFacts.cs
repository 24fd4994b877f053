using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>
/// What the session picker shows about one log file — its first prompt, project folder, turn count
/// and whether Claude Code ended it — read incrementally (only new bytes on each call) and without
/// keeping the records, so listing many big sessions stays cheap.
/// </summary>
#pragma warning disable CA1001 // SemaphoreSlim needs disposing only once its wait handle is used; ours never is.
internal sealed class SessionFacts
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path;
    private long _readTo;

    // Chunks seen before the first prompt is known: a v2 request's preview needs its body.
    private MemoryChunkSource? _chunks;

    public SessionFacts(string path) => _path = path;

    /// <summary>The first prompt: of the first UserPromptSubmit hook, else of the first API request.</summary>
    public string? FirstPrompt { get; private set; }

    /// <summary>The project folder: the first hook payload's <c>cwd</c>.</summary>
    public string? Cwd { get; private set; }

    /// <summary>API requests recorded (one per model turn).</summary>
    public int Turns { get; private set; }

    /// <summary>A SessionEnd hook came and no SessionStart or prompt after it.</summary>
    public bool Ended { get; private set; }

    private bool PromptFromHook { get; set; }

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(_path))
            {
                return;
            }

            var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                if (stream.Length < _readTo)
                {
                    // Replaced or truncated: start over.
                    (_readTo, FirstPrompt, Cwd, Turns, Ended, PromptFromHook, _chunks) = (0, null, null, 0, false, false, null);
                }

                stream.Position = _readTo;
                await foreach (var line in JsonlLineReader.ReadAsync(stream, _readTo, cancellationToken).ConfigureAwait(false))
                {
                    if (!line.Terminated)
                    {
                        break;
                    }

                    _readTo = line.Offset + line.Bytes.Length + 1;
                    Observe(line.Bytes);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Observe(ReadOnlyMemory<byte> stored)
    {
        if (ChunkLine.Is(stored.Span))
        {
            if (FirstPrompt is null)
            {
                (_chunks ??= new MemoryChunkSource()).Add(stored.Span);
            }

            return;
        }

        var line = stored.Span;
        var (type, hookEvent) = Envelope(line);
        if (type == RecordTypes.ApiRequest)
        {
            Turns++;
            if (FirstPrompt is null)
            {
                FirstPrompt = Preview(RecordMaterializer.Readable(stored, _chunks ??= new MemoryChunkSource()));
                _chunks = FirstPrompt is null ? _chunks : null;
            }
        }
        else if (type == RecordTypes.Hook)
        {
            Cwd ??= HookCwd(line);
            switch (hookEvent)
            {
                case "SessionEnd":
                    Ended = true;
                    break;
                case "SessionStart":
                    Ended = false;
                    break;
                case "UserPromptSubmit":
                    Ended = false;
                    if (!PromptFromHook && Preview(line) is { } prompt)
                    {
                        // The hook has the prompt as typed; an API request's newest user text may be a reminder.
                        FirstPrompt = prompt;
                        PromptFromHook = true;
                    }

                    break;
            }
        }
    }

    /// <summary>The record's <c>type</c> and <c>event</c>: they come before any body, so the payload is never read.</summary>
    private static (string? Type, string? Event) Envelope(ReadOnlySpan<byte> line)
    {
        string? type = null, hookEvent = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isEvent = reader.ValueTextEquals("event"u8);
                if (!reader.Read() || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.String && isType)
                {
                    type = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.String && isEvent)
                {
                    hookEvent = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // A torn or foreign line: what was read so far is all there is.
        }

        return (type, hookEvent);
    }

    private static string? Preview(ReadOnlySpan<byte> line)
    {
        using var summary = JsonDocument.Parse(RecordSummarizer.Summarize(line));
        return summary.RootElement.TryGetProperty("preview", out var preview) && preview.ValueKind == JsonValueKind.String ? preview.GetString() : null;
    }

    private static string? HookCwd(ReadOnlySpan<byte> line)
    {
        try
        {
            using var record = JsonDocument.Parse(line.ToArray());
            var root = record.RootElement;
            if (root.TryGetProperty("payload", out var payload))
            {
                return Cwd(payload);
            }

            if (root.TryGetProperty("payload_text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                using var parsed = JsonDocument.Parse(text.GetString()!);
                return Cwd(parsed.RootElement);
            }
        }
        catch (JsonException)
        {
        }

        return null;

        static string? Cwd(JsonElement payload)
            => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("cwd", out var cwd) && cwd.ValueKind == JsonValueKind.String ? cwd.GetString() : null;
    }
}
