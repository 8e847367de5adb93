using System.Text.Json.Serialization;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>What Sentry's ingestion answers an accepted envelope or event: its event id (none for an envelope without events).</summary>
public sealed class SentryAcceptedResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }
}
