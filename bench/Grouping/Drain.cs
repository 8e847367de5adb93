using System.Text.RegularExpressions;

namespace Faultline.Bench.Grouping;

/// <summary>
/// Drain (He, Zhu, Zheng and Lyu, "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017),
/// written from the paper: masks replace obvious variables, then a tree of fixed depth routes a line by its
/// token count and its first tokens (a token holding a digit goes to the wildcard child) to a leaf, whose log
/// groups are compared by token similarity; the most similar group at or above the threshold takes the line
/// and its template turns differing tokens into wildcards, else the line starts a group. One generic set of
/// masks serves every data set, as Faultline's templates do.
/// </summary>
internal sealed partial class Drain(int depth = 4, double similarityThreshold = 0.5, int maxChildren = 100)
{
    private const string Wildcard = "<*>";

    private readonly Node root = new();

    /// <summary>Adds a line and returns the id of its log group.</summary>
    public int Add(string content)
    {
        var tokens = Tokens(Mask(content));
        var leaf = Leaf(tokens);
        LogGroup? best = null;
        var bestSimilarity = -1.0;
        var bestWildcards = -1;
        foreach (var group in leaf.Groups)
        {
            var (similarity, wildcards) = Similarity(group.Template, tokens);
            if (similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards))
            {
                (best, bestSimilarity, bestWildcards) = (group, similarity, wildcards);
            }
        }

        if (best is not null && bestSimilarity >= similarityThreshold)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                if (best.Template[i] != tokens[i])
                {
                    best.Template[i] = Wildcard;
                }
            }

            return best.Id;
        }

        var created = new LogGroup(nextId++, (string[])tokens.Clone());
        leaf.Groups.Add(created);
        return created.Id;
    }

    private int nextId;

    /// <summary>The generic masks: IP addresses with an optional port, hexadecimal numbers, and numbers.</summary>
    public static string Mask(string content)
    {
        var text = IpAddress().Replace(content, Wildcard);
        text = HexNumber().Replace(text, Wildcard);
        return Number().Replace(text, Wildcard);
    }

    private static string[] Tokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private Node Leaf(string[] tokens)
    {
        var node = root.Child(tokens.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var level = 0; level < depth - 2 && level < tokens.Length; level++)
        {
            var token = tokens[level].Any(char.IsAsciiDigit) ? Wildcard : tokens[level];
            if (!node.Children.ContainsKey(token) && token != Wildcard && node.Children.Count >= maxChildren)
            {
                token = Wildcard;
            }

            node = node.Child(token);
        }

        return node;
    }

    private static (double Similarity, int Wildcards) Similarity(string[] template, string[] tokens)
    {
        var same = 0;
        var wildcards = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (template[i] == Wildcard)
            {
                wildcards++;
            }
            else if (template[i] == tokens[i])
            {
                same++;
            }
        }

        return (tokens.Length == 0 ? 1 : (double)same / tokens.Length, wildcards);
    }

    [GeneratedRegex(@"(?<![\w.])\d{1,3}(\.\d{1,3}){3}(:\d+)?(?![\w.])")]
    private static partial Regex IpAddress();

    [GeneratedRegex(@"(?<![\w])0[xX][0-9a-fA-F]+(?!\w)")]
    private static partial Regex HexNumber();

    [GeneratedRegex(@"(?<![\w.])[-+]?\d+(\.\d+)?(?![\w.])")]
    private static partial Regex Number();

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public List<LogGroup> Groups { get; } = [];

        public Node Child(string key)
        {
            if (!Children.TryGetValue(key, out var child))
            {
                child = new Node();
                Children[key] = child;
            }

            return child;
        }
    }

    private sealed record LogGroup(int Id, string[] Template);
}
