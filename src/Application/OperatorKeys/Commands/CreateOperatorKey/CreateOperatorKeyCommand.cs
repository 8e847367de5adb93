using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Keys;
using MediatR;

namespace Faultline.Application.OperatorKeys.Commands.CreateOperatorKey;

public sealed record CreateOperatorKeyCommand(KeyName Name, IReadOnlySet<string> Scopes, IReadOnlyList<long>? Apps) : IRequest<CreatedOperatorKeyDto>;

internal sealed class CreateOperatorKeyCommandHandler(IDbConnectionFactory database, ISecretKeys secrets)
    : IRequestHandler<CreateOperatorKeyCommand, CreatedOperatorKeyDto>
{
    public const string KeyPrefix = "fl_operator_";

    private const string UnknownAppsSql = """
        SELECT wanted FROM unnest(@Apps) AS wanted WHERE NOT EXISTS (SELECT 1 FROM apps WHERE id = wanted)
        """;

    private const string InsertSql = """
        INSERT INTO operator_keys (name, key_hash, prefix, scopes, app_ids)
        VALUES (@Name, @KeyHash, @Prefix, @Scopes, @Apps)
        ON CONFLICT ((lower(name))) DO NOTHING
        RETURNING id AS Id, name AS Name, prefix AS Prefix, scopes AS Scopes, app_ids AS Apps, created_at AS CreatedAt
        """;

    public async Task<CreatedOperatorKeyDto> Handle(CreateOperatorKeyCommand request, CancellationToken cancellationToken)
    {
        var name = request.Name.Value;
        var apps = request.Apps?.Distinct().Order().ToArray();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (apps is not null)
        {
            var unknown = (await connection.QueryAsync<long>(new CommandDefinition(UnknownAppsSql, new { Apps = apps }, cancellationToken: cancellationToken))).AsList();
            if (unknown.Count > 0)
            {
                throw new DomainValidationException(
                    ErrorCodes.ValidationError, null, [new FieldError("Apps", $"{FieldError.FieldToken} names apps that do not exist.")],
                    new Dictionary<string, object?> { ["Unknown"] = unknown });
            }
        }

        var key = secrets.Generate(KeyPrefix);
        var row = await connection.QuerySingleOrDefaultAsync<OperatorKeyDto>(new CommandDefinition(InsertSql, new
        {
            Name = name,
            KeyHash = key.Hash,
            Prefix = key.DisplayPrefix,
            Scopes = request.Scopes.Order().ToArray(),
            Apps = apps,
        }, cancellationToken: cancellationToken))
            ?? throw new ConflictException(ErrorCodes.KeyNameTaken, $"An operator key named '{name}' already exists.");

        return new CreatedOperatorKeyDto
        {
            Id = row.Id, Name = row.Name, Key = key.Key, Prefix = row.Prefix, Scopes = row.Scopes, Apps = row.Apps, CreatedAt = row.CreatedAt,
        };
    }
}
