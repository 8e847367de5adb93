using Faultline.Domain.Common;

namespace Faultline.Application.Common;

/// <summary>Lists read one row beyond the page to tell whether there is a next page without a count(*).</summary>
internal static class Pages
{
    /// <summary>Drops the row beyond the page, if it was read, and says whether there is a next page.</summary>
    public static bool TrimExtraRow<T>(List<T> rows, Paging paging)
    {
        var hasMore = rows.Count > paging.Limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return hasMore;
    }
}
