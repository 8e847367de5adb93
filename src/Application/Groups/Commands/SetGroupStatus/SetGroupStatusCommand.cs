using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Events.Grouping;
using MediatR;

namespace Faultline.Application.Groups.Commands.SetGroupStatus;

/// <summary>Puts a group in a status. Resolving clears its regressed mark: it is set again if the group comes back.</summary>
public sealed record SetGroupStatusCommand(long AppId, long GroupId, GroupStatus Status) : IRequest<GroupDto>;

internal sealed class SetGroupStatusCommandHandler(IDbConnectionFactory database) : IRequestHandler<SetGroupStatusCommand, GroupDto>
{
    private const string Sql = $"""
        UPDATE error_groups
        SET status = @Status, regressed = CASE WHEN @Status = 'resolved' THEN false ELSE regressed END
        WHERE id = @GroupId AND app_id = @AppId
        RETURNING {GroupDto.Columns}
        """;

    public async Task<GroupDto> Handle(SetGroupStatusCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<GroupDto>(new CommandDefinition(
                   Sql, new { request.AppId, request.GroupId, Status = request.Status.Name() }, cancellationToken: cancellationToken))
               ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"App {request.AppId} has no group {request.GroupId}.");
    }
}
