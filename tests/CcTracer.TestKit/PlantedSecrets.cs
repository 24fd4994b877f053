namespace CcTracer.TestKit;

/// <summary>
/// Secrets of every format the tracer masks, made up but shaped like real ones, to plant in traffic
/// and then look for under the log directory and in API answers. Built from pieces so no scanner
/// of this repository's source mistakes them for leaked credentials.
/// </summary>
public static class PlantedSecrets
{
    /// <summary>An Anthropic API key.</summary>
    public static readonly string Anthropic = "sk-" + "ant-api03-" + "Pl4nt3dAnthr0picK3y" + "x9Vq2Lm7Rt5Wz8Yb3Nc6Jd1Hf4Gk0Ps";

    /// <summary>An OpenAI project key.</summary>
    public static readonly string OpenAi = "sk-" + "proj-" + "Pl4nt3dOpenAiK3yQ7m2x9Lr5Tv8Wb3Zc6";

    /// <summary>An AWS access key id.</summary>
    public static readonly string AwsKeyId = "AK" + "IA" + "PL4NT3DQ7M2X9LR5";

    /// <summary>An AWS secret access key (found by its name in an assignment).</summary>
    public static readonly string AwsSecret = "pl4nt3dAwsS3cr3t" + "/K7MDENGbPxRfiCYzEXAMPLE";

    /// <summary>A classic GitHub personal access token.</summary>
    public static readonly string GitHub = "gh" + "p_" + "Pl4nt3dGitHubT0k3nQ7m2x9Lr5Tv8Wb3Zc";

    /// <summary>A fine-grained GitHub token.</summary>
    public static readonly string GitHubPat = "github" + "_pat_" + "11Pl4nt3dFineGra1ned_Q7m2x9Lr5Tv8Wb3Zc6";

    /// <summary>A Slack bot token.</summary>
    public static readonly string Slack = "xo" + "xb-" + "1234567890-Pl4nt3dSlackT0k3n";

    /// <summary>A JSON Web Token.</summary>
    public static readonly string Jwt = "eyJ" + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbDRudDNkIn0.Pl4nt3dJwtS1gnatur3Q7m2x9Lr5Tv8";

    /// <summary>A line of key material inside <see cref="PrivateKeyBlock"/>.</summary>
    public static readonly string PrivateKeyLine = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDPl4nt3dKeyL1ne";

    /// <summary>A PEM private key block, lines separated by real newlines.</summary>
    public static readonly string PrivateKeyBlock = "-----BEGIN " + "PRIVATE KEY-----\n" + PrivateKeyLine + "\nQ7m2x9Lr5Tv8Wb3Zc6Pl4nt3dSecondL1ne==\n-----END PRIVATE KEY-----";

    /// <summary>A database password in an <c>env</c> dump.</summary>
    public static readonly string Password = "Hunter2" + "Pl4nt3dPassw0rd";

    /// <summary>A password as a JSON property's value.</summary>
    public static readonly string JsonPassword = "js0n" + "Pl4nt3dPassw0rd";

    /// <summary>
    /// What an <c>env</c> dump in a tool result would show: one secret of each kind, named as real
    /// tools name them.
    /// </summary>
    public static string EnvDump =>
        $"PATH=/usr/bin\nANTHROPIC_API_KEY={Anthropic}\nOPENAI_API_KEY={OpenAi}\nAWS_ACCESS_KEY_ID={AwsKeyId}\n"
        + $"AWS_SECRET_ACCESS_KEY={AwsSecret}\nGITHUB_TOKEN={GitHub}\nGH_PAT={GitHubPat}\nSLACK_BOT={Slack}\n"
        + $"SESSION_JWT={Jwt}\nDB_PASSWORD={Password}\nHOME=/home/dev\n";

    /// <summary>Every planted value whose every byte must stay out of storage.</summary>
    public static IReadOnlyList<string> All =>
        [Anthropic, OpenAi, AwsKeyId, AwsSecret, GitHub, GitHubPat, Slack, Jwt, PrivateKeyLine, Password, JsonPassword];
}
