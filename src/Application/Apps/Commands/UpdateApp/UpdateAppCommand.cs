using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Domain.Apps;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Apps.Commands.UpdateApp;

/// <summary>
/// Renames an app, sets its description (when <paramref name="DescriptionIsSet"/>; null clears it) or switches
/// it off and on; a switched-off app's keys are refused. Null leaves a value as it is.
/// </summary>
public sealed record UpdateAppCommand(long AppId, AppName? Name, bool DescriptionIsSet, string? Description, bool? IsActive) : IRequest<ProjectDto>;

internal sealed class UpdateAppCommandHandler(IDbConnectionFactory database, IngestKeyCache keys) : IRequestHandler<UpdateAppCommand, ProjectDto>
{
    public const int MaxDescriptionLength = 1_000;

    private const string Sql = $"""
        UPDATE apps
        SET name = coalesce(@Name, name),
            description = CASE WHEN @DescriptionIsSet THEN @Description ELSE description END,
            is_active = coalesce(@IsActive, is_active),
            updated_at = now()
        WHERE id = @AppId
        RETURNING {ProjectSql.Columns}
        """;

    public async Task<ProjectDto> Handle(UpdateAppCommand request, CancellationToken cancellationToken)
    {
        if (request.Description is { Length: > MaxDescriptionLength })
        {
            throw DomainValidationException.ForField("Description", $"{FieldError.FieldToken} must be at most {MaxDescriptionLength} characters.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        ProjectDto? updated;
        try
        {
            updated = await connection.QuerySingleOrDefaultAsync<ProjectDto>(new CommandDefinition(Sql, new
            {
                request.AppId, Name = request.Name?.Value, request.DescriptionIsSet, request.Description, request.IsActive,
            }, cancellationToken: cancellationToken));
        }
        catch (System.Data.Common.DbException exception) when (exception.SqlState == "23505")
        {
            throw new ConflictException(ErrorCodes.AppNameTaken, $"An app named '{request.Name?.Value}' already exists for this owner.");
        }

        if (request.IsActive == false)
        {
            keys.ForgetAll();
        }

        return updated ?? throw NotFoundException.App(request.AppId);
    }
}
