using System.Text.Json;

namespace AgentLoop;

/// <summary>The agent's one tool: a deterministic weather lookup, so that runs are reproducible.</summary>
public static class WeatherTool
{
    /// <summary>The tool name the model calls.</summary>
    public const string Name = "get_weather";

    /// <summary>The tool definition sent in every request.</summary>
    public static JsonElement Definition { get; } = JsonSerializer.SerializeToElement(new
    {
        name = Name,
        description = "Current weather for a city.",
        input_schema = new
        {
            type = "object",
            properties = new { city = new { type = "string", description = "City name, e.g. Paris" } },
            required = new[] { "city" },
        },
    });

    /// <summary>The built-in lookup: a few known cities; any other city is an error.</summary>
    /// <param name="city">The city asked for.</param>
    /// <returns>The weather, or <see langword="null"/> for an unknown city.</returns>
    public static string? Lookup(string city) => city switch
    {
        "Paris" => "Sunny, 21°C",
        "London" => "Light rain, 14°C",
        "Tokyo" => "Cloudy, 18°C",
        _ => null,
    };
}
