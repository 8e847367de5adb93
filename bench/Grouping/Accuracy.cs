namespace Faultline.Bench.Grouping;

/// <summary>
/// Grouping accuracy (Zhu et al., ICSE-SEIP 2019): a line is right when the lines its method grouped it with
/// are exactly the lines sharing its ground-truth event id; GA is the share of lines that are right.
/// </summary>
internal static class Accuracy
{
    public static double Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var truthSizes = truth.GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var right = 0;
        foreach (var group in Enumerable.Range(0, truth.Count).GroupBy(i => predicted[i], StringComparer.Ordinal))
        {
            var ids = group.Select(i => truth[i]).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 1 && truthSizes[ids[0]] == group.Count())
            {
                right += group.Count();
            }
        }

        return (double)right / truth.Count;
    }
}
