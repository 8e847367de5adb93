using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Domain.Apps;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Apps.Commands.UpdateApp;

/// <summary>
/// Changes only what was sent: a new name, the description (when <paramref name="DescriptionSet"/>; null clears it),
/// and whether the app is switched on (a switched-off app's keys are refused).
/// </summary>
public sealed record UpdateAppCommand(long AppId, AppName? Name, bool DescriptionSet, AppDescription? Description, bool? IsActive = null)
    : IRequest<ProjectDto>;

internal sealed class UpdateAppCommandHandler(IDbConnectionFactory database, IngestKeyCache keys) : IRequestHandler<UpdateAppCommand, ProjectDto>
{
    // Names are unique per owner and among operators' apps (two partial unique indexes): a clash is 23505.
    private const string Sql = $"""
        UPDATE apps
        SET name = coalesce(@Name, name),
            description = CASE WHEN @DescriptionSet THEN @Description ELSE description END,
            is_active = coalesce(@IsActive, is_active),
            updated_at = now()
        WHERE id = @AppId
        RETURNING {ProjectSql.Columns}
        """;

    public async Task<ProjectDto> Handle(UpdateAppCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        ProjectDto? updated;
        try
        {
            updated = await connection.QuerySingleOrDefaultAsync<ProjectDto>(new CommandDefinition(Sql, new
            {
                request.AppId, Name = request.Name?.Value, request.DescriptionSet, Description = request.Description?.Value, request.IsActive,
            }, cancellationToken: cancellationToken));
        }
        catch (System.Data.Common.DbException exception) when (exception.SqlState == "23505")
        {
            throw new ConflictException(ErrorCodes.AppNameTaken,
                $"An app named '{request.Name?.Value}' already exists for this owner (names are compared without regard to case).");
        }

        if (request.IsActive == false)
        {
            keys.ForgetAll();
        }

        return updated ?? throw NotFoundException.App(request.AppId);
    }
}
