using System.IO.Compression;
using System.Text;
using CcTracer.Decoding;
using CcTracer.Core.Tests.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Decoding;

public sealed class ContentDecodingTests
{
    private static readonly byte[] Body = SseVectors.Load("thinking-then-text.sse");

    private static byte[] Compress(byte[] data, Func<Stream, Stream> create)
    {
        var output = new MemoryStream();
        using (Stream compressor = create(output))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    public static TheoryData<string> Encodings => new("gzip", "x-gzip", "GZIP", "deflate", "br", " br ");

    private static byte[] CompressFor(string encoding) => encoding.Trim().ToLowerInvariant() switch
    {
        "gzip" or "x-gzip" => Compress(Body, s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true)),
        "deflate" => Compress(Body, s => new ZLibStream(s, CompressionLevel.Fastest, leaveOpen: true)),
        "br" => Compress(Body, s => new BrotliStream(s, CompressionLevel.Fastest, leaveOpen: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decode_round_trips(string encoding)
    {
        Assert.True(ContentDecoding.IsSupported(encoding));
        Assert.Equal(Body, ContentDecoding.Decode(CompressFor(encoding), encoding));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Decoding_stream_round_trips_when_read_asynchronously(string encoding)
    {
        using var input = new MemoryStream(CompressFor(encoding));
        await using Stream decoding = ContentDecoding.CreateDecodingStream(input, encoding, leaveOpen: true);
        var output = new MemoryStream();
        await decoding.CopyToAsync(output, 7, TestContext.Current.CancellationToken);

        Assert.Equal(Body, output.ToArray());
    }

    [Fact]
    public void Raw_deflate_without_zlib_header_is_accepted()
    {
        byte[] raw = Compress(Body, s => new DeflateStream(s, CompressionLevel.Optimal, leaveOpen: true));

        Assert.Equal(Body, ContentDecoding.Decode(raw, "deflate"));
    }

    [Fact]
    public void Stacked_codings_are_undone_in_reverse_order()
    {
        byte[] gzipped = Compress(Body, s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true));
        byte[] thenBrotli = Compress(gzipped, s => new BrotliStream(s, CompressionLevel.Fastest, leaveOpen: true));

        Assert.Equal(Body, ContentDecoding.Decode(thenBrotli, "gzip, br"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("identity")]
    public void Identity_returns_the_bytes_unchanged(string? encoding)
    {
        Assert.True(ContentDecoding.IsSupported(encoding));
        Assert.Same(Body, ContentDecoding.Decode(Body, encoding));
        using var input = new MemoryStream(Body);
        Assert.Same(input, ContentDecoding.CreateDecodingStream(input, encoding));
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip, zstd")]
    [InlineData("compress")]
    public void Zstd_and_other_codings_are_not_supported(string encoding)
    {
        Assert.False(ContentDecoding.IsSupported(encoding));
        Assert.Throws<NotSupportedException>(() => ContentDecoding.Decode(Encoding.UTF8.GetBytes("x"), encoding));
    }
}
