namespace Faultline.Api.Contracts;

public sealed class AppResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}

public sealed class CreatedAppResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The app's ingest key. It is shown only in this answer; only its hash is stored.</summary>
    public string IngestKey { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}
