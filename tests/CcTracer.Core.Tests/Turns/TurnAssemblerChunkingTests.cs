using System.Text;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

public sealed class TurnAssemblerChunkingTests
{
    [Theory]
    [MemberData(nameof(SseVectors.All), MemberType = typeof(SseVectors))]
    public void Byte_at_a_time_yields_the_same_turn_as_the_whole_stream(string vector)
    {
        byte[] stream = SseVectors.Load(vector);

        string whole = SseVectors.Canonical(SseVectors.Whole(stream));
        string bytewise = SseVectors.Canonical(SseVectors.ByteAtATime(stream));

        Assert.Equal(whole, bytewise);
    }

    [Theory]
    [MemberData(nameof(SseVectors.All), MemberType = typeof(SseVectors))]
    public void Any_random_chunking_yields_the_same_turn_as_the_whole_stream(string vector)
    {
        byte[] stream = SseVectors.Load(vector);
        string whole = SseVectors.Canonical(SseVectors.Whole(stream));
        var random = new Random(vector.Length * 7919);

        for (int i = 0; i < 200; i++)
        {
            string chunked = SseVectors.Canonical(SseVectors.RandomChunks(stream, random));
            Assert.Equal(whole, chunked);
        }
    }

    [Theory]
    [MemberData(nameof(SseVectors.All), MemberType = typeof(SseVectors))]
    public void Line_endings_do_not_change_the_turn(string vector)
    {
        // Rewrite every LF vector with CRLF and with CR: the message must not change.
        string text = Encoding.UTF8.GetString(SseVectors.Load(vector));
        if (text.Contains('\r', StringComparison.Ordinal))
        {
            return;
        }

        string lf = SseVectors.Canonical(SseVectors.Whole(Encoding.UTF8.GetBytes(text)));
        byte[] crlf = Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));
        byte[] cr = Encoding.UTF8.GetBytes(text.Replace('\n', '\r'));

        Assert.Equal(lf, SseVectors.Canonical(SseVectors.ByteAtATime(crlf)));
        Assert.Equal(lf, SseVectors.Canonical(SseVectors.RandomChunks(cr, new Random(42))));
    }

    [Fact]
    public void Crlf_and_cr_wire_vectors_rebuild_the_same_message()
    {
        ApiTurn crlf = SseVectors.Whole(SseVectors.Load("wire-crlf.sse"));
        ApiTurn cr = SseVectors.Whole(SseVectors.Load("wire-cr.sse"));

        Assert.Equal(crlf.Message!.ToJsonString(), cr.Message!.ToJsonString());
    }
}
