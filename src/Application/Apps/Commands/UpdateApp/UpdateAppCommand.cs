using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Apps;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Apps.Commands.UpdateApp;

/// <summary>Changes only what was sent: a new name, and the description (null when <see cref="DescriptionSet"/> clears it).</summary>
public sealed record UpdateAppCommand(long AppId, AppName? Name, bool DescriptionSet, AppDescription? Description) : IRequest<AppDto>;

internal sealed class UpdateAppCommandHandler(IDbConnectionFactory database) : IRequestHandler<UpdateAppCommand, AppDto>
{
    private const string Sql = $"""
        UPDATE apps a
        SET name = coalesce(@Name, a.name),
            description = CASE WHEN @DescriptionSet THEN @Description ELSE a.description END,
            updated_at = now()
        WHERE a.id = @AppId
          AND (CAST(@Name AS text) IS NULL OR NOT EXISTS (SELECT 1 FROM apps o WHERE lower(o.name) = lower(@Name) AND o.id <> @AppId))
        RETURNING {AppColumns.Select}
        """;

    public async Task<AppDto> Handle(UpdateAppCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AppDto>(new CommandDefinition(Sql, new
        {
            request.AppId,
            Name = request.Name?.Value,
            request.DescriptionSet,
            Description = request.Description?.Value,
        }, cancellationToken: cancellationToken))
            ?? throw new ConflictException(ErrorCodes.AppNameTaken, $"An app named '{request.Name?.Value}' already exists (names are compared without regard to case).");
    }
}
