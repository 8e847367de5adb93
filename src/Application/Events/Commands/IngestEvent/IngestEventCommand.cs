using Faultline.Application.Common;
using Faultline.Domain.Events;
using MediatR;

namespace Faultline.Application.Events.Commands.IngestEvent;

/// <summary>Stores one event for an app whose ingest key has already been checked.</summary>
public sealed record IngestEventCommand(long AppId, NewEvent Event) : IRequest<IngestedEventDto>;

public sealed class IngestedEventDto
{
    public long Id { get; init; }

    public long AppId { get; init; }

    public DateTime ReceivedAt { get; init; }

    /// <summary>True when the app had already sent this event_id; nothing new was stored.</summary>
    public bool Duplicate { get; init; }
}

internal sealed class IngestEventCommandHandler(IEventWriter writer, IClock clock) : IRequestHandler<IngestEventCommand, IngestedEventDto>
{
    public async Task<IngestedEventDto> Handle(IngestEventCommand request, CancellationToken cancellationToken)
    {
        var outcome = (await writer.WriteAsync(request.AppId, [request.Event], clock.UtcNow, cancellationToken))[0];
        return new IngestedEventDto { Id = outcome.Id, AppId = request.AppId, ReceivedAt = outcome.ReceivedAt, Duplicate = outcome.Duplicate };
    }
}
