using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faultline.Infrastructure.Database;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Faultline.IntegrationTests.Platform;

/// <summary>A database made by Faultline before FluentMigrator starts under this build and keeps its data.</summary>
public sealed class EarlierDatabaseTests
{
    private const string IngestKey = "fl_ingest_7cbcf39fe624cf568767607508fc56adbc2f56b17d7c12ea";
    private const string ReadKey = "fl_operator_a30fe8230403d6b8fea3d44349ac5abf4f8c13780e47f8ca";

    [Test]
    public async Task A_database_created_and_filled_by_Faultline_0_1_0_is_carried_over_not_migrated_again()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await database.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "database-created-by-0.1.0.sql")));

        await using var app = new FaultlineApp().WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Faultline", database.ConnectionString));
        using var reader = app.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadKey);
        using var ingester = app.CreateClient();
        ingester.DefaultRequestHeaders.Add("X-INGEST-KEY", IngestKey);

        var events = JsonNode.Parse(await reader.GetStringAsync("/api/v1/apps/1/events?limit=50"))!;
        var ingested = await ingester.PostAsJsonAsync("/apps/1/events", new { occurred_at = "2026-11-29T11:00:00Z", level = "INFO", message = "after the upgrade" });

        Assert.That(events["items"]!.AsArray().Select(item => item!["message"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "TimeoutError: request timed out", "GET /orders", "user_signup", "disk almost full" }));
        Assert.That(ingested.StatusCode, Is.EqualTo(HttpStatusCode.Created), await ingested.Content.ReadAsStringAsync());
        Assert.That(await database.AppliedVersionsAsync(), Is.EqualTo(KnownMigrations.Versions));
        Assert.That(await database.ScalarAsync<bool>("SELECT to_regclass('schema_migrations') IS NULL"), Is.True, "the old journal is gone");
        Assert.That(await database.ScalarAsync<long>("SELECT count(*) FROM events"), Is.EqualTo(5));
    }
}
