using System.Text;
using System.Text.Json;
using CcTracer.Buffers;
using CcTracer.Secrets;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Secrets;

public sealed class SecretScannerTests
{
    private static List<(string Text, string Kind)> Find(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var matches = new List<SecretMatch>();
        SecretScanner.Find(bytes, matches);
        return matches.Select(m => (Encoding.UTF8.GetString(bytes, (int)m.Start, (int)m.Length), m.Kind)).ToList();
    }

    public static TheoryData<string, string> EachFormat() => new()
    {
        { PlantedSecrets.Anthropic, SecretKinds.Anthropic },
        { PlantedSecrets.OpenAi, SecretKinds.OpenAi },
        { PlantedSecrets.AwsKeyId, SecretKinds.AwsKeyId },
        { PlantedSecrets.GitHub, SecretKinds.GitHub },
        { PlantedSecrets.GitHubPat, SecretKinds.GitHub },
        { PlantedSecrets.Slack, SecretKinds.Slack },
        { PlantedSecrets.Jwt, SecretKinds.Jwt },
    };

    [Theory]
    [MemberData(nameof(EachFormat))]
    public void A_known_format_is_found_whole_in_prose_in_json_and_after_an_escaped_newline(string secret, string kind)
    {
        Assert.Equal([(secret, kind)], Find($"the key {secret} was used"));
        Assert.Equal([(secret, kind)], Find($"{{\"text\":\"{secret}\"}}"));
        Assert.Equal([(secret, kind)], Find($"{{\"text\":\"line one\\n{secret}\\nline two\"}}"));
    }

    [Fact]
    public void A_private_key_block_is_found_whole_with_real_newlines_and_as_json_escapes()
    {
        var block = PlantedSecrets.PrivateKeyBlock;
        Assert.Equal([(block, SecretKinds.PrivateKey)], Find("key:\n" + block + "\nafter"));

        var escaped = JsonSerializer.Serialize(block)[1..^1];
        Assert.Contains("\\n", escaped, StringComparison.Ordinal);
        Assert.Equal([(escaped, SecretKinds.PrivateKey)], Find("{\"content\":\"cat id_rsa\\n" + escaped + "\\n\"}"));
    }

    [Fact]
    public void A_private_key_block_cut_before_its_end_is_masked_to_the_end_of_its_json_string()
    {
        var cut = "-----BEGIN RSA PRIVATE KEY-----\\n" + PlantedSecrets.PrivateKeyLine;
        var found = Find("{\"content\":\"" + cut + "\",\"next\":1}");
        Assert.Equal([(cut, SecretKinds.PrivateKey)], found);
    }

    [Fact]
    public void A_certificate_or_public_key_block_is_no_secret()
        => Assert.Empty(Find("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"));

    [Theory]
    [InlineData("DB_PASSWORD=Hunter2xyz more", "Hunter2xyz", SecretKinds.Password)]
    [InlineData("{\"password\": \"pa55 word\"}", "pa55 word", SecretKinds.Password)]
    [InlineData("{\"text\":\"{\\\"client_secret\\\": \\\"abc123def\\\"}\"}", "abc123def", SecretKinds.Secret)]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", "wJalrXUtnFEMI/K7MDENG", SecretKinds.AwsSecret)]
    [InlineData("GET /x?token=abc123&page=2", "abc123", SecretKinds.Token)]
    [InlineData("api_key: 'q9w8e7r6'", "q9w8e7r6", SecretKinds.ApiKey)]
    [InlineData("authToken=zz99yy88", "zz99yy88", SecretKinds.Token)]
    public void A_value_assigned_to_a_secret_name_is_found_and_the_name_kept(string text, string value, string kind)
        => Assert.Equal([(value, kind)], Find(text));

    [Fact]
    public void An_assignment_whose_value_has_a_known_format_is_named_for_the_format()
        => Assert.Equal([(PlantedSecrets.Anthropic, SecretKinds.Anthropic)], Find($"ANTHROPIC_API_KEY={PlantedSecrets.Anthropic}\n"));

    [Theory]
    [InlineData("{\"max_tokens\":64000,\"usage\":{\"input_tokens\":12,\"output_tokens\":5}}")]
    [InlineData("{\"token\": 123, \"password\": null, \"secret\": true}")]
    [InlineData("see disk-usage-monitoring-service-v2 and sk-learn-is-a-python-library-name")]
    [InlineData("the token budget; a password: is; Asia and akia are words")]
    [InlineData("{\"signature\":\"EqQBCkYIBRgCKkBscripted==\",\"thinking\":\"count tokens\"}")]
    [InlineData("[masked:api-key:3f9a1c2b] and [masked:aws-secret-key:0011aabb]")]
    public void Ordinary_api_traffic_and_markers_are_left_alone(string text) => Assert.Empty(Find(text));

    [Fact]
    public void Every_secret_of_an_env_dump_is_found()
    {
        var found = Find(JsonSerializer.Serialize(new { content = PlantedSecrets.EnvDump }));
        foreach (var secret in new[] { PlantedSecrets.Anthropic, PlantedSecrets.OpenAi, PlantedSecrets.AwsKeyId, PlantedSecrets.AwsSecret, PlantedSecrets.GitHub, PlantedSecrets.GitHubPat, PlantedSecrets.Slack, PlantedSecrets.Jwt, PlantedSecrets.Password })
        {
            Assert.Contains(found, f => f.Text == secret);
        }
    }

    [Theory]
    [InlineData(65_500)]
    [InlineData(65_530)]
    [InlineData(65_536 - (16 * 1024) + 3)]
    public void A_secret_straddling_two_chunks_of_a_captured_body_is_found_as_in_one_span(int pad)
    {
        // The capture keeps bodies in 64 KB chunks: the env dump crosses the first boundary.
        var text = new string('a', pad) + " " + PlantedSecrets.EnvDump + new string('b', 70_000) + PlantedSecrets.PrivateKeyBlock;
        var bytes = Encoding.UTF8.GetBytes(text);
        var whole = new List<SecretMatch>();
        SecretScanner.Find(bytes, whole);
        using var chunked = new ChunkedBuffer();
        chunked.Write(bytes);

        var pieces = new List<SecretMatch>();
        SecretScanner.Find(chunked.AsSequence(), pieces);

        Assert.False(chunked.AsSequence().IsSingleSegment);
        Assert.Equal(whole, pieces);
        Assert.Equal(10, whole.Count);
    }

    [Fact]
    public void A_large_body_full_of_anchors_is_scanned_in_one_linear_pass()
    {
        // Anchors every few bytes and never a secret: each one is decided in bounded work.
        var text = string.Concat(Enumerable.Repeat("token sk- -----BEGIN x eyJ password ", 300_000));
        var matches = new List<SecretMatch>();
        SecretScanner.Find(Encoding.UTF8.GetBytes(text), matches);
        Assert.Empty(matches);
    }
}
