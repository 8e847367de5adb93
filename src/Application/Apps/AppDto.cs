namespace Faultline.Application.Apps;

public sealed class AppDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}

/// <summary>The columns of <see cref="AppDto"/>, for the apps table aliased <c>a</c>.</summary>
internal static class AppColumns
{
    public const string Select = "a.id AS Id, a.name AS Name, a.description AS Description, a.created_at AS CreatedAt, a.updated_at AS UpdatedAt";
}
