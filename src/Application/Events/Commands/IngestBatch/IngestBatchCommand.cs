using Faultline.Application.Common;
using Faultline.Domain.Events;
using MediatR;

namespace Faultline.Application.Events.Commands.IngestBatch;

/// <summary>Stores up to <see cref="MaxEvents"/> validated events in one commit.</summary>
public sealed record IngestBatchCommand(long AppId, IReadOnlyList<NewEvent> Events) : IRequest<IngestedBatchDto>
{
    public const int MaxEvents = 1_000;
}

public sealed class IngestedBatchDto
{
    public int Accepted { get; init; }

    public int Duplicates { get; init; }

    public int Total { get; init; }

    /// <summary>One id per submitted event, in order; a duplicate carries the id of the event stored first.</summary>
    public IReadOnlyList<long> Ids { get; init; } = [];
}

internal sealed class IngestBatchCommandHandler(IEventWriter writer, IClock clock) : IRequestHandler<IngestBatchCommand, IngestedBatchDto>
{
    public async Task<IngestedBatchDto> Handle(IngestBatchCommand request, CancellationToken cancellationToken)
    {
        var outcomes = await writer.WriteAsync(request.AppId, request.Events, clock.UtcNow, cancellationToken);
        var duplicates = outcomes.Count(outcome => outcome.Duplicate);
        return new IngestedBatchDto
        {
            Accepted = outcomes.Count - duplicates,
            Duplicates = duplicates,
            Total = outcomes.Count,
            Ids = outcomes.Select(outcome => outcome.Id).ToList(),
        };
    }
}
