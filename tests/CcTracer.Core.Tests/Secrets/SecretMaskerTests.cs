using System.Buffers;
using System.Text;
using System.Text.Json;
using CcTracer.Secrets;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Secrets;

public sealed class SecretMaskerTests
{
    private readonly SecretMasker _masker = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), maskBodies: true);

    [Theory]
    [InlineData("x-api-key", "sk-ant-x")]
    [InlineData("Ocp-Apim-Subscription-Key", "Zx9Kq")]
    [InlineData("X-Auth", "Zx9Kq")]
    [InlineData("X-Amz-Security-Token", "Zx9Kq")]
    [InlineData("x-goog-signature", "Zx9Kq")]
    [InlineData("x-session", "Zx9Kq")]
    [InlineData("X-Password", "Zx9Kq")]
    public void A_credential_header_keeps_no_byte_of_even_a_short_secret(string name, string value)
    {
        var report = new MaskReport();
        var stored = _masker.MaskHeader(name, value, report);

        Assert.Matches("^\\[masked:[a-z-]+:[0-9a-f]{8}\\]$", stored);
        Assert.DoesNotContain(value[..3], stored, StringComparison.Ordinal);
        var item = Assert.Single(report.Items);
        Assert.Equal("header:" + name.ToLowerInvariant(), item.Where);
    }

    [Fact]
    public void Bearer_and_cookie_values_keep_the_scheme_and_cookie_names_only()
    {
        var report = new MaskReport();
        var auth = _masker.MaskHeader("Authorization", "Bearer " + PlantedSecrets.Jwt, report);
        var cookie = _masker.MaskHeader("Cookie", "sid=COOKI; theme=Zx9", report);
        var setCookie = _masker.MaskHeader("Set-Cookie", "sid=COOKI; Path=/; HttpOnly", report);

        Assert.Matches("^Bearer \\[masked:jwt:[0-9a-f]{8}\\]$", auth);
        Assert.Matches("^sid=\\[masked:cookie:[0-9a-f]{8}\\]; theme=\\[masked:cookie:[0-9a-f]{8}\\]$", cookie);
        Assert.Matches("^sid=\\[masked:cookie:[0-9a-f]{8}\\]; Path=/; HttpOnly$", setCookie);
        Assert.DoesNotContain("COO", cookie + setCookie, StringComparison.Ordinal);
        Assert.Equal(4, report.Items.Count);
    }

    [Theory]
    [InlineData("X-Claude-Code-Session-Id", "69291977-120d-4f2a-bfbc-187768282b87")]
    [InlineData("anthropic-ratelimit-tokens-remaining", "40000")]
    [InlineData("Content-Type", "application/json")]
    [InlineData("anthropic-beta", "thinking-token-count-2026-05-13")]
    public void Ids_counters_and_ordinary_headers_stay_as_they_are(string name, string value)
    {
        var report = new MaskReport();
        Assert.Same(value, _masker.MaskHeader(name, value, report));
        Assert.Empty(report.Items);
    }

    [Fact]
    public void Credential_query_parameters_are_masked_and_the_rest_of_the_path_kept()
    {
        var report = new MaskReport();
        var stored = _masker.MaskPathAndQuery("/v1/messages?beta=true&api_key=Zx9Kq&subscription-key=abc&sig=q%2Fz", report);

        Assert.StartsWith("/v1/messages?beta=true&api_key=[masked:credential:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Zx9", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("=abc", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("q%2Fz", stored, StringComparison.Ordinal);
        Assert.Equal(["query:api_key", "query:subscription-key", "query:sig"], report.Items.Select(i => i.Where));
    }

    [Fact]
    public void One_secret_gets_one_marker_wherever_it_is_and_another_secret_another()
    {
        var report = new MaskReport();
        var header = _masker.MaskHeader("x-api-key", PlantedSecrets.Anthropic, report);
        var body = Encoding.UTF8.GetString(_masker.MaskBytes(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes($"a {PlantedSecrets.Anthropic} b {PlantedSecrets.OpenAi}")), "body", report)!);

        Assert.StartsWith("[masked:anthropic-key:", header, StringComparison.Ordinal);
        Assert.Equal($"a {header} b [masked:openai-key:{report.Items[^1].Hash}]", body);
        Assert.NotEqual(report.Items[0].Hash, report.Items[^1].Hash);

        // Another install's key gives other hashes: markers cannot be matched against guesses elsewhere.
        var other = new SecretMasker(new byte[32], maskBodies: true);
        Assert.NotEqual(_masker.Hash("x"u8), other.Hash("x"u8));
    }

    [Fact]
    public void A_masked_json_body_is_still_the_same_json_with_only_string_contents_changed()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            tool_response = new { stdout = PlantedSecrets.EnvDump + PlantedSecrets.PrivateKeyBlock },
            password = PlantedSecrets.JsonPassword,
            token = 12345,
            nested = JsonSerializer.Serialize(new { password = PlantedSecrets.JsonPassword }),
        });
        var report = new MaskReport();
        var masked = _masker.MaskBytes(new ReadOnlySequence<byte>(json), "payload", report)!;

        using var doc = JsonDocument.Parse(masked);
        Assert.Equal(12345, doc.RootElement.GetProperty("token").GetInt32());
        var text = Encoding.UTF8.GetString(masked);
        foreach (var secret in PlantedSecrets.All)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("DB_PASSWORD=[masked:password:", text, StringComparison.Ordinal);
        Assert.All(report.Items, i => Assert.Equal("payload", i.Where));
    }

    [Fact]
    public void Nothing_found_means_nothing_copied()
        => Assert.Null(_masker.MaskBytes(new ReadOnlySequence<byte>("{\"max_tokens\":10}"u8.ToArray()), "body", new MaskReport()));
}
