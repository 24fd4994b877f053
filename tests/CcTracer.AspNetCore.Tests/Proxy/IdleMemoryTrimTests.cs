using System.Buffers;
using CcTracer.AspNetCore.Proxy;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Proxy;

public sealed class IdleMemoryTrimTests : IAsyncDisposable
{
    private const long Big = IdleMemoryTrim.TrimAfterBytes;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cctracer-trim-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private readonly SessionLog _log;

    public IdleMemoryTrimTests()
    {
        var store = Options.Create(new TraceStoreOptions { LogDirectory = _dir });
        _log = new SessionLog(store, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions())));
    }

    private IdleMemoryTrim Trim(bool enabled = true)
        => new(_log, Options.Create(new CcTracerOptions { TrimMemoryWhenIdle = enabled }), _time, NullLogger<IdleMemoryTrim>.Instance);

    [Fact]
    public async Task Trims_once_the_proxy_is_quiet_after_large_turns()
    {
        using var trim = Trim();
        trim.ExchangeStarted();
        trim.ExchangeEnded(Big);

        _time.Advance(IdleMemoryTrim.QuietPeriod - TimeSpan.FromMilliseconds(1));
        Assert.Null(trim.LastTrim);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await trim.LastTrim!;

        Assert.Equal(1, trim.Trims);
    }

    [Fact]
    public async Task Body_chunks_are_reused_between_trims_and_let_go_by_one()
    {
        using var trim = Trim();
        var pool = trim.CaptureChunks;
        Assert.NotSame(ArrayPool<byte>.Shared, pool);
        var chunk = pool.Rent(64 * 1024);
        pool.Return(chunk);
        Assert.Same(chunk, pool.Rent(64 * 1024));

        trim.ExchangeStarted();
        trim.ExchangeEnded(Big);
        _time.Advance(IdleMemoryTrim.QuietPeriod);
        await trim.LastTrim!;

        // The kept chunks went with the old pool; a chunk still out may go back to either.
        Assert.NotSame(pool, trim.CaptureChunks);
        trim.CaptureChunks.Return(chunk);
    }

    [Fact]
    public void Never_trims_while_a_call_is_in_flight()
    {
        using var trim = Trim();
        trim.ExchangeStarted();
        trim.ExchangeStarted();
        trim.ExchangeEnded(Big);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(trim.LastTrim);
    }

    [Fact]
    public void A_call_starting_in_the_quiet_period_puts_the_trim_off()
    {
        using var trim = Trim();
        trim.ExchangeStarted();
        trim.ExchangeEnded(Big);
        _time.Advance(IdleMemoryTrim.QuietPeriod / 2);
        trim.ExchangeStarted();

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(trim.LastTrim);
    }

    [Fact]
    public void Small_turns_are_not_worth_a_pause()
    {
        using var trim = Trim();
        trim.ExchangeStarted();
        trim.ExchangeEnded(Big - 1);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(trim.LastTrim);
    }

    [Fact]
    public void Off_unless_the_host_asks_for_it()
    {
        using var trim = Trim(enabled: false);
        trim.ExchangeStarted();
        trim.ExchangeEnded(Big * 4);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(trim.LastTrim);

        // Nor does it keep chunks the host never asked it to give back.
        Assert.Same(ArrayPool<byte>.Shared, trim.CaptureChunks);
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
