
namespace Faultline.Application.SavedFilters;

/// <summary>A saved search: its name and the filter as the client sent it (JSON).</summary>
public sealed class SavedFilterDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Filter { get; init; } = "{}";

    public DateTime CreatedAt { get; init; }
}

public sealed record SavedFilterPage(IReadOnlyList<SavedFilterDto> Items, long Total);
