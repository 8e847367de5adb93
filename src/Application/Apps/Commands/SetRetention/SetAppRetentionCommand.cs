using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Apps;
using MediatR;

namespace Faultline.Application.Apps.Commands.SetRetention;

/// <summary>Sets (or clears, with null) an app's own maximum age of events, in days.</summary>
public sealed record SetAppRetentionCommand(long AppId, RetentionDays? Days) : IRequest<AppRetentionDto>;

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
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AppRetentionDto>(new CommandDefinition(Sql, new { request.AppId, Days = request.Days?.Value }, cancellationToken: cancellationToken))
            ?? throw NotFoundException.App(request.AppId);
    }
}
