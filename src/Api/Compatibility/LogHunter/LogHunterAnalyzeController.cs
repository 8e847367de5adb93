using System.Text.Json;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Application.Groups.Queries.GetGroup;
using Faultline.Application.Jobs.Commands.SubmitJob;
using Faultline.Application.Jobs.Queries.GetJob;
using Faultline.Application.Jobs;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>
/// LogHunter's analyses and summaries, run as jobs: 202 with a job to poll, or 200 with the result when the
/// same request over unchanged data was answered before.
/// </summary>
[ApiController]
[Route("api/v1")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class LogHunterAnalyzeController(IMediator mediator, IClock clock) : ControllerBase
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    /// <summary>Analyses a service's window (default the last hour, levels ERROR and CRITICAL): its clusters, each explained.</summary>
    [HttpPost("analyze")]
    [ProducesResponseType<DataEnvelope<JobAccepted>>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<DataEnvelope<JobView>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Analyze(AnalyzeRequest request, CancellationToken cancellationToken)
    {
        var window = LogHunterInput.Window(request, clock.UtcNow, DefaultWindow);
        var levels = LogHunterInput.Levels(request.Levels).Select(level => level.Name()).ToList();
        var environment = LogHunterInput.Namespace(request.Namespace);
        var appId = await LogHunterInput.AppAsync(mediator, User, request.Service, cancellationToken);
        // A cluster is an error group of the service: another app's group, or none, is "not found".
        var fingerprint = request.ClusterId is { } clusterId
            ? (await mediator.Send(new GetGroupQuery(appId, clusterId, window), cancellationToken)).Group.Fingerprint
            : null;

        return await SubmitAsync(JobKinds.Analysis, new JobRequest
        {
            AppId = appId, Environment = environment, Since = window.Since, Until = window.Until, LookBack = LogHunterInput.LookBackOf(request, DefaultWindow),
            Levels = levels, IncludeAi = request.IncludeAi ?? false, Fingerprint = fingerprint,
        }, cancellationToken);
    }

    /// <summary>Summarises a service's window (default the last hour): what happened, the top clusters, what is new, what spiked, against the window before.</summary>
    [HttpPost("summarize")]
    [ProducesResponseType<DataEnvelope<JobAccepted>>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<DataEnvelope<JobView>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Summarize(SummarizeRequest request, CancellationToken cancellationToken)
    {
        var window = LogHunterInput.Window(request, clock.UtcNow, DefaultWindow);
        if (request.MaxLines is < 1 or > 10)
        {
            throw DomainValidationException.ForField("MaxLines", $"{FieldError.FieldToken} must be between 1 and 10.");
        }

        var environment = LogHunterInput.Namespace(request.Namespace);
        var appId = await LogHunterInput.AppAsync(mediator, User, request.Service, cancellationToken);
        return await SubmitAsync(JobKinds.Summary, new JobRequest
        {
            AppId = appId, Environment = environment, Since = window.Since, Until = window.Until, LookBack = LogHunterInput.LookBackOf(request, DefaultWindow),
            MaxLines = request.MaxLines, IncludeAi = request.IncludeAi ?? false,
        }, cancellationToken);
    }

    /// <summary>A job's status, and its result once completed; another tenant's job is 404.</summary>
    [HttpGet("analyze/{jobId}")]
    [ProducesResponseType<DataEnvelope<JobView>>(StatusCodes.Status200OK)]
    public async Task<DataEnvelope<JobView>> Job(string jobId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(jobId, out var id))
        {
            throw new NotFoundException(ErrorCodes.ResourceNotFound, $"No job {jobId}.");
        }

        return new DataEnvelope<JobView> { Data = View(await mediator.Send(new GetJobQuery(id, User.Caller().Apps), cancellationToken)) };
    }

    private async Task<IActionResult> SubmitAsync(string kind, JobRequest request, CancellationToken cancellationToken)
    {
        var submitted = await mediator.Send(new SubmitJobCommand(kind, User.Caller().TenantOf(), request), cancellationToken);
        var job = submitted.Job;
        if (submitted.Reused && job.Status == JobStatuses.Completed)
        {
            return Ok(new DataEnvelope<JobView> { Data = View(job) });
        }

        var pollUrl = $"/api/v1/analyze/{job.Id}";
        Response.Headers.Location = pollUrl;
        return StatusCode(StatusCodes.Status202Accepted, new DataEnvelope<JobAccepted> { Data = new JobAccepted { JobId = job.Id, Status = job.Status, PollUrl = pollUrl } });
    }

    private static JobView View(JobDto job) => new()
    {
        JobId = job.Id,
        Kind = job.Kind,
        Status = job.Status,
        Result = job.Result is null ? null : JsonDocument.Parse(job.Result).RootElement.Clone(),
        Error = job.ErrorCode is null ? null : new JobError { Code = job.ErrorCode, Message = job.ErrorMessage ?? job.ErrorCode },
        CreatedAt = job.CreatedAt,
        CompletedAt = job.CompletedAt,
    };
}
