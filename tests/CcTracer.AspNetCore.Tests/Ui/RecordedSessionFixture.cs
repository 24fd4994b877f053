using Xunit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>One recorded session shared by the read-only tests of a class (recording it takes a few hundred ms).</summary>
public sealed class RecordedSessionFixture : IAsyncLifetime
{
    private RecordedSession? _session;

    internal RecordedSession Session => _session ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _session = await RecordedSessionBuilder.StartAsync("", TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
