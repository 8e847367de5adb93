using System.Text.Json.Nodes;
using Dapper;
using Faultline.Application.Stats;
using Faultline.Domain.Time;
using Faultline.IntegrationTests.Support;
using Npgsql;

namespace Faultline.IntegrationTests.Stats;

/// <summary>
/// The raw edges of a statistics window are read by an index range scan even when the partition's
/// histogram says the edge's seconds are crowded: there by another app's burst (docs/decisions/0012-statistics-plans.md).
/// </summary>
public sealed class EdgePlanTests : ApiTest
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task An_edge_inside_another_apps_burst_is_an_index_range_scan()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS events_p20260310 PARTITION OF events FOR VALUES FROM ('2026-03-10 00:00:00+00') TO ('2026-03-11 00:00:00+00');
            INSERT INTO events (app_id, kind, level, message, fingerprint, event_id, occurred_at, received_at)
            SELECT 1, 'error', 'ERROR', 'quiet', 'f', 'q-' || g, ts, ts
            FROM (SELECT g, timestamptz '2026-03-10 00:00:00+00' + g * interval '864 milliseconds' AS ts FROM generate_series(0, 99999) AS g) AS s;
            INSERT INTO events (app_id, kind, level, message, fingerprint, event_id, occurred_at, received_at)
            SELECT 2, 'error', 'ERROR', 'burst', 'f', 'b-' || g, ts, ts
            FROM (SELECT g, timestamptz '2026-03-10 12:00:00+00' + g * interval '100 microseconds' AS ts FROM generate_series(0, 299999) AS g) AS s;
            ANALYZE events_p20260310;
            """);
        // The first edge, [12:00:05, 12:01), holds 64 events of app 1 and 250,000 of app 2's burst.
        var spans = RollupSpans.MinutesAndHours(TimeWindow.Create(Day.AddHours(12).AddSeconds(5), Day.AddHours(12).AddMinutes(5).AddSeconds(25)), useHours: true);

        var plan = JsonNode.Parse(await connection.ExecuteScalarAsync<string>(
            "EXPLAIN (FORMAT JSON) " + StatsSql.CountPieces, StatsSql.Parameters(1, spans, level: null)) ?? "null")!;

        var eventScans = Nodes(plan).Where(node => node["Relation Name"]?.GetValue<string>().StartsWith("events_p", StringComparison.Ordinal) == true).ToList();
        Assert.That(eventScans, Has.Count.EqualTo(2));
        Assert.That(eventScans.Select(scan => $"{scan["Node Type"]} {scan["Index Name"]}"),
            Has.All.EqualTo("Index Scan events_p20260310_app_id_received_at_id_idx"));
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode node) => node switch
    {
        JsonArray array => array.SelectMany(item => item is null ? [] : Nodes(item)),
        JsonObject obj => (obj.ContainsKey("Node Type") ? [obj] : Enumerable.Empty<JsonNode>())
            .Concat(obj.Select(pair => pair.Value).OfType<JsonNode>().SelectMany(Nodes)),
        _ => [],
    };
}
