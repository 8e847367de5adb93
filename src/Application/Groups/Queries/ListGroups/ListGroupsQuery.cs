using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;
using MediatR;

namespace Faultline.Application.Groups.Queries.ListGroups;

/// <summary>What the group list keeps: every filter is optional.</summary>
public sealed record GroupFilter(
    GroupStatus? Status = null, Level? Level = null, EventKind? Kind = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null,
    string? Text = null, string? Environment = null, string? Release = null)
{
    public const int MaxTextLength = 200;
}

/// <summary>
/// An app's error groups, by last_seen, count or first_seen (newest or largest first, then id). since/until keep
/// the groups seen in the window; q matches the title or the latest message; environment and release keep the
/// groups with an event there.
/// </summary>
public sealed record ListGroupsQuery(long AppId, GroupFilter Filter, GroupSort Sort, Paging Paging, GroupCursor? Cursor = null)
    : IRequest<GroupPage>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

public sealed class GroupPage
{
    public IReadOnlyList<GroupDto> Items { get; init; } = [];

    public long? NextOffset { get; init; }

    public string? NextCursor { get; init; }
}

internal sealed class ListGroupsQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListGroupsQuery, GroupPage>
{
    // One statement per sort; {0} is the sort's column, {1} the cursor's parameter of that column's type. Only
    // first_seen has an index in that order: count and last_seen change with every commit of the group's events,
    // and indexing them would make each of those updates rewrite every index (migration 24), so an app's groups
    // are read by app_id and the page taken by a top-N sort. One row beyond the page tells whether there is a next page.
    private const string SqlTemplate = $$"""
        SELECT {{GroupDto.Columns}}
        FROM error_groups g
        WHERE app_id = @AppId
          AND (CAST(@Status AS text) IS NULL OR status = @Status)
          AND (CAST(@Level AS text) IS NULL OR level = @Level)
          AND (CAST(@Kind AS text) IS NULL OR kind = @Kind)
          AND (CAST(@Since AS timestamptz) IS NULL OR last_seen >= @Since)
          AND (CAST(@Until AS timestamptz) IS NULL OR first_seen < @Until)
          AND (CAST(@Pattern AS text) IS NULL OR title ILIKE @Pattern OR sample_message ILIKE @Pattern)
          AND (CAST(@Environment AS text) IS NULL OR EXISTS (
                SELECT 1 FROM events e WHERE e.app_id = g.app_id AND e.group_id = g.id AND e.environment = @Environment))
          AND (CAST(@Release AS text) IS NULL OR EXISTS (
                SELECT 1 FROM events e WHERE e.app_id = g.app_id AND e.group_id = g.id AND e.release = @Release))
          AND (CAST(@CursorId AS bigint) IS NULL OR ({0}, id) < ({1}, @CursorId))
        ORDER BY {0} DESC, id DESC
        LIMIT @Take OFFSET @Offset
        """;

    private static readonly Dictionary<GroupSort, string> SqlBySort = new()
    {
        [GroupSort.LastSeen] = string.Format(System.Globalization.CultureInfo.InvariantCulture, SqlTemplate, "last_seen", "CAST(@CursorAt AS timestamptz)"),
        [GroupSort.Count] = string.Format(System.Globalization.CultureInfo.InvariantCulture, SqlTemplate, "count", "CAST(@CursorCount AS bigint)"),
        [GroupSort.FirstSeen] = string.Format(System.Globalization.CultureInfo.InvariantCulture, SqlTemplate, "first_seen", "CAST(@CursorAt AS timestamptz)"),
    };

    public async Task<GroupPage> Handle(ListGroupsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var filter = request.Filter;
        var cursor = request.Cursor;
        var rows = (await connection.QueryAsync<GroupDto>(new CommandDefinition(SqlBySort[request.Sort], new
        {
            request.AppId,
            Status = filter.Status?.Name(),
            Level = filter.Level?.Name(),
            Kind = filter.Kind?.Name(),
            Since = filter.Since?.UtcDateTime,
            Until = filter.Until?.UtcDateTime,
            Pattern = filter.Text is null ? null : $"%{filter.Text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%",
            filter.Environment,
            filter.Release,
            CursorId = cursor?.Id,
            CursorAt = cursor is null || request.Sort == GroupSort.Count ? (DateTime?)null : new DateTime(cursor.Value, DateTimeKind.Utc),
            CursorCount = cursor is not null && request.Sort == GroupSort.Count ? cursor.Value : (long?)null,
            Take = request.Paging.Limit + 1,
            request.Paging.Offset,
        }, cancellationToken: cancellationToken))).AsList();

        var hasMore = Pages.TrimExtraRow(rows, request.Paging);

        return new GroupPage
        {
            Items = rows,
            NextOffset = hasMore ? request.Paging.Offset + rows.Count : null,
            NextCursor = hasMore ? new GroupCursor(request.Sort, SortValue(rows[^1], request.Sort), rows[^1].Id).Encode() : null,
        };
    }

    private static long SortValue(GroupDto group, GroupSort sort) => sort switch
    {
        GroupSort.Count => group.Count,
        GroupSort.FirstSeen => group.FirstSeen.Ticks,
        _ => group.LastSeen.Ticks,
    };
}
