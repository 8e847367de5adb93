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

/// <summary>An app with its owner and the API Analytics API's project fields.</summary>
public sealed class ProjectDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    public string? ProjectKey { get; init; }

    public long? UserId { get; init; }

    public bool IsActive { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}

internal static class ProjectSql
{
    public const string Columns = """
        id AS Id, name AS Name, description AS Description, project_key AS ProjectKey, owner_user_id AS UserId,
        is_active AS IsActive, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;
}
