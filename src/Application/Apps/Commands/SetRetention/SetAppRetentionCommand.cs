using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Apps.Commands.SetRetention;

/// <summary>Sets (or clears, with null) an app's own maximum age of events, in days.</summary>
public sealed record SetAppRetentionCommand(long AppId, int? Days) : IRequest<AppRetentionDto>
{
    public const int MaxDays = 3650;
}

public sealed class AppRetentionDto
{
    public long AppId { get; init; }

    public int? RetentionDays { get; init; }
}

internal sealed class SetAppRetentionCommandHandler(IDbConnectionFactory database) : IRequestHandler<SetAppRetentionCommand, AppRetentionDto>
{
    private const string Sql = """
        UPDATE apps SET retention_days = @Days WHERE id = @AppId
        RETURNING id AS AppId, retention_days AS RetentionDays
        """;

    public async Task<AppRetentionDto> Handle(SetAppRetentionCommand request, CancellationToken cancellationToken)
    {
        if (request.Days is < 1 or > SetAppRetentionCommand.MaxDays)
        {
            throw DomainValidationException.ForField("retention_days", $"'retention_days' must be 1 to {SetAppRetentionCommand.MaxDays}, or null for the global retention.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AppRetentionDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))
            ?? throw NotFoundException.App(request.AppId);
    }
}
