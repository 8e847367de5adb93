using System.Reflection;
using System.Text.RegularExpressions;
using Faultline.Domain.Common;

namespace Faultline.UnitTests.Domain;

/// <summary>The README's table of errors and the catalogue of codes say the same thing.</summary>
public sealed partial class ErrorCatalogueTests
{
    private static IReadOnlyList<ErrorCode> Catalogue() =>
        typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (ErrorCode)field.GetValue(null)!)
            .ToList();

    [Test]
    public void The_README_lists_exactly_the_catalogues_codes_each_under_its_status()
    {
        var documented = ReadmeErrorTable();
        var catalogued = Catalogue().ToDictionary(code => code.Value, code => code.Status);

        Assert.That(documented, Is.EquivalentTo(catalogued));
    }

    [Test]
    public void Every_code_is_catalogued_once_in_screaming_snake_case()
    {
        var codes = Catalogue().Select(code => code.Value).ToList();

        Assert.That(codes, Is.Unique);
        Assert.That(codes, Has.All.Match("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"));
    }

    /// <summary>Code → status from the rows under "## Errors": <c>| 404 | `APP_NOT_FOUND`, `RESOURCE_NOT_FOUND` |</c>.</summary>
    private static Dictionary<string, int> ReadmeErrorTable()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var section = lines.SkipWhile(line => line.Trim() != "## Errors").Skip(1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal));
        var table = new Dictionary<string, int>();
        foreach (var row in section.Select(line => TableRow().Match(line)).Where(match => match.Success))
        {
            var status = int.Parse(row.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture);
            foreach (Match code in CodeInBackticks().Matches(row.Groups["codes"].Value))
            {
                Assert.That(table.TryAdd(code.Groups[1].Value, status), Is.True, $"{code.Groups[1].Value} is listed twice");
            }
        }

        Assert.That(table, Is.Not.Empty, "README.md has no table under '## Errors'");
        return table;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Faultline.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new AssertionException($"No Faultline.slnx above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\|\s*(?<status>\d{3})\s*\|(?<codes>.*)\|\s*$")]
    private static partial Regex TableRow();

    [GeneratedRegex("`([A-Z][A-Z0-9_]*)`")]
    private static partial Regex CodeInBackticks();
}
