using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.SavedFilters.Commands.DeleteSavedFilter;

/// <summary>Deletes one of the tenant's filters; another tenant's or an unknown one is 404.</summary>
public sealed record DeleteSavedFilterCommand(string Tenant, long Id) : IRequest<Unit>;

internal sealed class DeleteSavedFilterCommandHandler(IDbConnectionFactory database) : IRequestHandler<DeleteSavedFilterCommand, Unit>
{
    private const string Sql = "DELETE FROM saved_filters WHERE id = @Id AND tenant = @Tenant";

    public async Task<Unit> Handle(DeleteSavedFilterCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Sql, new { request.Id, request.Tenant }, cancellationToken: cancellationToken)) == 1
            ? Unit.Value
            : throw new NotFoundException(ErrorCodes.ResourceNotFound, $"No filter {request.Id}.");
    }
}
