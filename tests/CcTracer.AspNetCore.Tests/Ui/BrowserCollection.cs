using Xunit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// The browser tests share one Chromium and run one class at a time: on two cores parallel
/// pages would only make timings noisy and auto-waits slow.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
