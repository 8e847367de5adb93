using System.Diagnostics;
using System.Globalization;
using Faultline.Bench.Grouping;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;

// Grouping accuracy on LogHub-2k: Faultline's grouping key beside a plain Drain and beside Faultline 0.1.0's
// normalization, each reading the Content column only.
//   dotnet run -c Release --project bench/Grouping [-- --data <dir>] [--explain <System>]
var data = Option("--data") ?? Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "loghub-2k");
var explain = Option("--explain");
var files = Directory.Exists(data) ? Directory.GetFiles(data, "*_2k.log_structured.csv").Order(StringComparer.Ordinal).ToList() : [];
if (files.Count == 0)
{
    Console.Error.WriteLine($"No *_2k.log_structured.csv files in {Path.GetFullPath(data)} (pass --data <dir>).");
    return 1;
}

var rows = new List<Row>();
var lines = 0;
var keyCpu = TimeSpan.Zero;
foreach (var file in files)
{
    var system = Path.GetFileName(file).Split('_')[0];
    var (contents, truth) = Load(file);

    // What ingestion computes for an event that has only a message: its grouping key.
    var keys = contents.Select(content => GroupingKey.Of(EventKind.Log, null, content)).ToList();
    keyCpu += CpuTime(() => contents.ForEach(content => GroupingKey.Of(EventKind.Log, null, content)));
    lines += contents.Count;

    var drain = new Drain();
    var drained = contents.Select(content => drain.Add(content).ToString(CultureInfo.InvariantCulture)).ToList();
    var previous = contents.Select(OldFingerprint.Normalize).ToList();
    rows.Add(new Row(
        system, Distinct(truth), Distinct(keys), Accuracy.Of(truth, keys), Distinct(drained), Accuracy.Of(truth, drained), Accuracy.Of(truth, previous)));
    if (string.Equals(explain, system, StringComparison.OrdinalIgnoreCase))
    {
        Explain(contents, truth, keys);
    }
}

Console.WriteLine("| data set | true groups | Faultline groups | Faultline GA | Drain groups | Drain GA | 0.1.0 fingerprint GA | Faultline above Drain |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var row in rows)
{
    var above = row.Faultline > row.Drain ? "yes" : row.Faultline == row.Drain ? "equal" : "no";
    Console.WriteLine(FormattableString.Invariant(
        $"| {row.System} | {row.Truth} | {row.FaultlineGroups} | {row.Faultline:0.000} | {row.DrainGroups} | {row.Drain:0.000} | {row.Previous:0.000} | {above} |"));
}

Console.WriteLine(FormattableString.Invariant(
    $"| **average** | | | **{rows.Average(r => r.Faultline):0.000}** | | **{rows.Average(r => r.Drain):0.000}** | **{rows.Average(r => r.Previous):0.000}** | {rows.Count(r => r.Faultline > r.Drain)} of {rows.Count} |"));
Console.WriteLine();
Console.WriteLine(FormattableString.Invariant(
    $"Faultline is above Drain on {rows.Count(r => r.Faultline > r.Drain)} of {rows.Count} data sets and equal on {rows.Count(r => r.Faultline == r.Drain)}. One configuration for all; Drain: depth 4, similarity 0.5, generic masks. Grouping key: {keyCpu.TotalMicroseconds / lines:0.0} µs of CPU a line ({lines:N0} lines, once compiled)."));
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static int Distinct(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).Count();

// CPU time rather than wall time: the machine may be shared.
static TimeSpan CpuTime(Action action)
{
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    action();
    return Process.GetCurrentProcess().TotalProcessorTime - before;
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
    using var records = Csv.Read(reader).GetEnumerator();
    if (!records.MoveNext())
    {
        return ([], []);
    }

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

// For working on the templates: the merged and split ground-truth groups of one data set, with an example each.
static void Explain(List<string> contents, List<string> truth, List<string> keys)
{
    var lines = Enumerable.Range(0, contents.Count).ToList();
    foreach (var merged in lines.GroupBy(i => keys[i]).Where(g => g.Select(i => truth[i]).Distinct().Count() > 1))
    {
        Console.WriteLine($"MERGED {MessageTemplate.Of(contents[merged.First()])}");
        foreach (var byTruth in merged.GroupBy(i => truth[i]))
        {
            Console.WriteLine($"    {byTruth.Key} x{byTruth.Count()}: {contents[byTruth.First()]}");
        }
    }

    foreach (var split in lines.GroupBy(i => truth[i]).Where(g => g.Select(i => keys[i]).Distinct().Count() > 1))
    {
        Console.WriteLine($"SPLIT {split.Key} ({split.Count()} lines)");
        foreach (var byKey in split.GroupBy(i => keys[i]).Take(6))
        {
            Console.WriteLine($"    x{byKey.Count()} {MessageTemplate.Of(contents[byKey.First()])}   <= {contents[byKey.First()]}");
        }
    }
}

internal sealed record Row(string System, int Truth, int FaultlineGroups, double Faultline, int DrainGroups, double Drain, double Previous);
