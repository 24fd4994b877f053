namespace CcTracer.Secrets;

/// <summary>The kinds a mask marker names (docs/record-schema.md, "Masked secrets").</summary>
internal static class SecretKinds
{
    public const string Anthropic = "anthropic-key";
    public const string OpenAi = "openai-key";
    public const string AwsKeyId = "aws-access-key-id";
    public const string AwsSecret = "aws-secret-key";
    public const string GitHub = "github-token";
    public const string Slack = "slack-token";
    public const string PrivateKey = "private-key";
    public const string Jwt = "jwt";
    public const string Bearer = "bearer-token";
    public const string Password = "password";
    public const string Secret = "secret";
    public const string Token = "token";
    public const string ApiKey = "api-key";
    public const string Cookie = "cookie";

    /// <summary>A credential header or query parameter whose value has no recognisable format.</summary>
    public const string Credential = "credential";
}
