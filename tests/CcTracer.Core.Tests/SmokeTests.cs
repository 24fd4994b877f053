using Xunit;

namespace CcTracer.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Fixtures_are_copied_next_to_the_tests()
        => Assert.True(File.Exists(CcTracer.TestKit.FixturePaths.File("hook-PreToolUse.json")));
}
