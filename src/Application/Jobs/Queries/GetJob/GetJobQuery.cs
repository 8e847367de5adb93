using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Jobs.Queries.GetJob;

/// <summary>A job by id, if its app is one the caller may see (null: all); otherwise 404.</summary>
public sealed record GetJobQuery(Guid Id, IReadOnlyList<long>? VisibleApps) : IRequest<JobDto>;

internal sealed class GetJobQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetJobQuery, JobDto>
{
    private const string Sql = "SELECT " + JobSql.Columns + " FROM jobs WHERE id = @Id";

    public async Task<JobDto> Handle(GetJobQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var job = await connection.QuerySingleOrDefaultAsync<JobDto>(new CommandDefinition(Sql, new { request.Id }, cancellationToken: cancellationToken));
        return job is not null && (request.VisibleApps is null || request.VisibleApps.Contains(job.AppId))
            ? job
            : throw new NotFoundException(Domain.Common.ErrorCodes.ResourceNotFound, $"No job {request.Id}.");
    }
}
