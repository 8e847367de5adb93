using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Apps;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Apps.Commands.CreateApp;

/// <summary>A new app; <paramref name="OwnerUserId"/> is the signed-in user who made it (null: made by an operator).</summary>
public sealed record CreateAppCommand(AppName Name, AppDescription? Description = null, long? OwnerUserId = null) : IRequest<CreatedAppDto>;

/// <summary>The new app with its first ingest key, which is shown only in this answer.</summary>
public sealed class CreatedAppDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    public string IngestKey { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}

internal sealed class CreateAppCommandHandler(IDbConnectionFactory database, ISecretKeys secrets)
    : IRequestHandler<CreateAppCommand, CreatedAppDto>
{
    public const string IngestKeyPrefix = "fl_ingest_";

    // Names are unique per owner, and among apps without one (two partial unique indexes, hence no
    // conflict target). One statement, so a name clash leaves neither the app nor its key behind.
    private const string Sql = """
        WITH new_app AS (
            INSERT INTO apps (name, owner_user_id, description, project_key) VALUES (@Name, @OwnerUserId, @Description, @ProjectKey)
            ON CONFLICT DO NOTHING
            RETURNING id, name, description, created_at, updated_at
        ), first_key AS (
            INSERT INTO ingest_keys (app_id, name, key_hash, prefix)
            SELECT id, 'default', @KeyHash, @KeyPrefix FROM new_app
        )
        SELECT id AS Id, name AS Name, description AS Description, created_at AS CreatedAt, updated_at AS UpdatedAt FROM new_app
        """;

    /// <summary>
    /// A user's app gets the API Analytics API's project key: the name in lower case with dashes for spaces,
    /// a dash and 8 random hex characters; it stays when the app is renamed.
    /// </summary>
    public static string ProjectKeyFor(AppName name) =>
        $"{name.Value.ToLowerInvariant().Replace(' ', '-')}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    public async Task<CreatedAppDto> Handle(CreateAppCommand request, CancellationToken cancellationToken)
    {
        var key = secrets.Generate(IngestKeyPrefix);
        await using var connection = await database.OpenAsync(cancellationToken);
        var app = await connection.QuerySingleOrDefaultAsync<AppDto>(new CommandDefinition(
            Sql, new
            {
                Name = request.Name.Value, request.OwnerUserId, Description = request.Description?.Value,
                ProjectKey = request.OwnerUserId is null ? null : ProjectKeyFor(request.Name),
                KeyHash = key.Hash, KeyPrefix = key.DisplayPrefix,
            },
            cancellationToken: cancellationToken));

        return app is null
            ? throw new ConflictException(ErrorCodes.AppNameTaken, request.OwnerUserId is null
                ? $"An app named '{request.Name.Value}' already exists (names are compared without regard to case)."
                : $"You already have an app named '{request.Name.Value}' (names are compared without regard to case).")
            : new CreatedAppDto
            {
                Id = app.Id, Name = app.Name, Description = app.Description, IngestKey = key.Key, CreatedAt = app.CreatedAt, UpdatedAt = app.UpdatedAt,
            };
    }
}
