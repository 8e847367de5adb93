using System.Text.Json;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Application.Access;
using Faultline.Application.SavedFilters.Commands.CreateSavedFilter;
using Faultline.Application.SavedFilters.Commands.DeleteSavedFilter;
using Faultline.Application.SavedFilters.Queries.ListSavedFilters;
using Faultline.Application.SavedFilters;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>LogHunter's saved filters: each credential (tenant) keeps its own, names unique per tenant.</summary>
[ApiController]
[Route("api/v1/filters")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
public sealed class LogHunterFiltersController(IMediator sender) : ControllerBase
{
    private static readonly JsonSerializerOptions StoredJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The tenant's filters by name.</summary>
    [HttpGet]
    [ProducesResponseType<PageEnvelope<FilterResponse>>(StatusCodes.Status200OK)]
    public async Task<PageEnvelope<FilterResponse>> List(int? page, int? limit, CancellationToken cancellationToken)
    {
        var paging = LogHunterPaging.Create(page, limit);
        var found = await sender.Send(new ListSavedFiltersQuery(User.Caller().TenantOf(), paging), cancellationToken);
        return LogHunterPaging.Envelope(found.Items.Select(ToResponse).ToList(), paging, found.Total);
    }

    /// <summary>Saves a filter: 201, or 409 FILTER_NAME_TAKEN when the tenant already has one of that name.</summary>
    [HttpPost]
    [ProducesResponseType<DataEnvelope<FilterResponse>>(StatusCodes.Status201Created)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Create(CreateFilterRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > CreateSavedFilterCommand.MaxNameLength || name.Any(char.IsControl))
        {
            throw DomainValidationException.ForField("Name", $"{FieldError.FieldToken} is 1 to {CreateSavedFilterCommand.MaxNameLength} printable characters.");
        }

        var filter = Validated(request.Filter ?? throw DomainValidationException.ForField("Filter", $"{FieldError.FieldToken} is required."));
        var saved = await sender.Send(new CreateSavedFilterCommand(User.Caller().TenantOf(), name, JsonSerializer.Serialize(filter, StoredJson)), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, new DataEnvelope<FilterResponse> { Data = ToResponse(saved) });
    }

    /// <summary>Deletes one of the tenant's filters: 204, or 404 for an unknown one or another tenant's.</summary>
    [HttpDelete("{filterId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Delete(string filterId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(filterId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            throw new Application.Common.NotFoundException(ErrorCodes.ResourceNotFound, $"No filter {filterId}.");
        }

        await sender.Send(new DeleteSavedFilterCommand(User.Caller().TenantOf(), id), cancellationToken);
        return NoContent();
    }

    /// <summary>A filter is checked as a search would check it, so a saved one always runs.</summary>
    private static FilterBody Validated(FilterBody filter)
    {
        if (filter.Since is not null)
        {
            LookBack.Parse(filter.Since, "Since");
        }

        return new FilterBody
        {
            Service = LogHunterInput.Service(filter.Service),
            Namespace = LogHunterInput.Namespace(filter.Namespace),
            Levels = LogHunterInput.Levels(filter.Levels).Select(level => level.Name()).ToList(),
            Keyword = LogHunterInput.Keyword(filter.Keyword),
            Since = filter.Since?.Trim(),
        };
    }

    private static FilterResponse ToResponse(SavedFilterDto saved) => new()
    {
        Id = saved.Id,
        Name = saved.Name,
        Filter = JsonSerializer.Deserialize<FilterBody>(saved.Filter, StoredJson) ?? new FilterBody(),
        CreatedAt = saved.CreatedAt,
    };
}
