using System.Globalization;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;
using Faultline.Bench.Grouping;

// Grouping accuracy on LogHub-2k: Faultline's message templates beside a plain Drain, on the Content column.
//   dotnet run -c Release --project bench/Grouping [-- --data <dir>] [--explain <System>]
var data = Option("--data") ?? Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "loghub-2k");
var explain = Option("--explain");
var files = Directory.Exists(data) ? Directory.GetFiles(data, "*_2k.log_structured.csv").Order(StringComparer.Ordinal).ToList() : [];
if (files.Count == 0)
{
    Console.Error.WriteLine($"No *_2k.log_structured.csv files in {Path.GetFullPath(data)} (pass --data <dir>).");
    return 1;
}

var rows = new List<(string System, double Faultline, double Drain)>();
foreach (var file in files)
{
    var system = Path.GetFileName(file).Split('_')[0];
    var (contents, truth) = Load(file);
    // What ingestion computes for an event that has only a message: its grouping key.
    var templates = contents.Select(content => GroupingKey.Of(EventKind.Log, null, content)).ToList();
    var drain = new Drain();
    var drained = contents.Select(content => drain.Add(content).ToString(CultureInfo.InvariantCulture)).ToList();
    rows.Add((system, Accuracy.Of(truth, templates), Accuracy.Of(truth, drained)));
    if (string.Equals(explain, system, StringComparison.OrdinalIgnoreCase))
    {
        Explain(contents, truth, templates);
    }
}

Console.WriteLine("| data set | Faultline GA | Drain GA (generic masks) |");
Console.WriteLine("|---|---:|---:|");
foreach (var (system, faultline, drainGa) in rows)
{
    var mark = faultline > drainGa ? " **" : string.Empty;
    Console.WriteLine(FormattableString.Invariant($"| {system} | {faultline:0.000}{mark} | {drainGa:0.000} |"));
}

Console.WriteLine(FormattableString.Invariant(
    $"| **average** | **{rows.Average(r => r.Faultline):0.000}** | **{rows.Average(r => r.Drain):0.000}** |"));
Console.WriteLine();
Console.WriteLine($"Faultline is above Drain on {rows.Count(r => r.Faultline > r.Drain)} of {rows.Count} data sets, equal on {rows.Count(r => r.Faultline == r.Drain)}.");
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Faultline.slnx")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

static (List<string> Contents, List<string> Truth) Load(string file)
{
    using var reader = new StreamReader(file);
    var records = Csv.Read(reader).GetEnumerator();
    records.MoveNext();
    var header = records.Current.ToList();
    int content = header.IndexOf("Content"), eventId = header.IndexOf("EventId");
    var contents = new List<string>();
    var truth = new List<string>();
    while (records.MoveNext())
    {
        if (records.Current.Count > Math.Max(content, eventId))
        {
            contents.Add(records.Current[content]);
            truth.Add(records.Current[eventId]);
        }
    }

    return (contents, truth);
}

// For working on the templates: the merged and split ground-truth groups of one data set, with examples.
static void Explain(List<string> contents, List<string> truth, List<string> keys)
{
    var templates = keys.Select((_, i) => MessageTemplate.Of(contents[i])).ToList();
    foreach (var merged in Enumerable.Range(0, contents.Count).GroupBy(i => templates[i]).Where(g => g.Select(i => truth[i]).Distinct().Count() > 1))
    {
        Console.WriteLine($"MERGED {merged.Key}");
        foreach (var byTruth in merged.GroupBy(i => truth[i]))
        {
            Console.WriteLine($"    {byTruth.Key} x{byTruth.Count()}: {contents[byTruth.First()]}");
        }
    }

    foreach (var split in Enumerable.Range(0, contents.Count).GroupBy(i => truth[i]).Where(g => g.Select(i => templates[i]).Distinct().Count() > 1))
    {
        Console.WriteLine($"SPLIT {split.Key} ({split.Count()} lines)");
        foreach (var byTemplate in split.GroupBy(i => templates[i]).Take(6))
        {
            Console.WriteLine($"    x{byTemplate.Count()} {byTemplate.Key}   <= {contents[byTemplate.First()]}");
        }
    }
}
