using Faultline.IntegrationTests;
using System.Net;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Apps;

public sealed class AppsTests : ApiTest
{
    [Test]
    public async Task Creating_an_app_returns_its_id_name_ingest_key_and_creation_time()
    {
        var response = await Operator.PostAsync("/apps/my-app", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("my-app"));
            Assert.That(body["ingest_key"]!.GetValue<string>(), Does.StartWith("fl_ingest_").And.Length.GreaterThanOrEqualTo(10 + 32));
            Assert.That(body["created_at"]!.GetValue<string>(), Does.EndWith("Z"));
        });
    }

    [Test]
    public async Task The_ingest_key_is_stored_only_as_a_hash()
    {
        var (_, key) = await CreateAppAsync();

        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM ingest_keys WHERE key_hash::text LIKE '%' || @k || '%' OR prefix = @k", connection);
        command.Parameters.AddWithValue("k", key);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(0L));
        Assert.That(await DatabaseReset.CountAsync("ingest_keys"), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_apps_get_different_keys()
    {
        var first = await CreateAppAsync("one");
        var second = await CreateAppAsync("two");
        Assert.That(first.Key, Is.Not.EqualTo(second.Key));
    }

    [TestCase("Checkout")]
    [TestCase("CHECKOUT")]
    [TestCase("checkout")]
    public async Task A_name_taken_in_any_case_is_a_conflict(string duplicate)
    {
        await CreateAppAsync("checkout");

        var response = await Operator.PostAsync($"/apps/{duplicate}", null);

        await AssertErrorAsync(response, HttpStatusCode.Conflict, "APP_NAME_TAKEN");
        Assert.That(await DatabaseReset.CountAsync("apps"), Is.EqualTo(1));
        Assert.That(await DatabaseReset.CountAsync("ingest_keys"), Is.EqualTo(1));
    }

    [TestCase("has%20space")]
    [TestCase("semi;colon")]
    [TestCase("quote'name")]
    [TestCase("slash%2Fname")]
    [TestCase("ünicode")]
    public async Task Names_outside_letters_digits_dot_underscore_and_dash_are_refused(string name)
    {
        var response = await Operator.PostAsync($"/apps/{name}", null);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("apps"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_name_of_100_characters_is_accepted_and_101_is_refused()
    {
        Assert.That((await Operator.PostAsync($"/apps/{new string('a', 100)}", null)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertErrorAsync(await Operator.PostAsync($"/apps/{new string('b', 101)}", null), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Names_may_use_dots_underscores_dashes_and_digits()
    {
        var (_, _) = await CreateAppAsync("web.shop_v2-eu");
        var apps = await GetJsonAsync("/apps/");
        Assert.That(apps.AsArray().Select(app => app!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "web.shop_v2-eu" }));
    }

    [Test]
    public async Task Getting_an_app_shows_id_name_description_and_times_but_never_the_key()
    {
        var (id, key) = await CreateAppAsync("billing");

        var body = await GetJsonAsync($"/apps/{id}");

        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<long>(), Is.EqualTo(id));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("billing"));
            Assert.That(body["created_at"], Is.Not.Null);
            Assert.That(body.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "name", "description", "created_at", "updated_at" }));
            Assert.That(body.ToJsonString(), Does.Not.Contain(key));
        });
    }

    [Test]
    public async Task An_unknown_app_is_not_found()
    {
        await AssertErrorAsync(await Operator.GetAsync("/apps/999"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
    }

    [TestCase("abc")]
    [TestCase("1.5")]
    [TestCase("99999999999999999999999")]
    [TestCase("-1")]
    public async Task A_malformed_app_id_is_a_client_error_not_a_server_error(string id)
    {
        var response = await Operator.GetAsync($"/apps/{id}");

        Assert.That((int)response.StatusCode, Is.EqualTo(400).Or.EqualTo(404));
        var body = await ReadJsonAsync(response);
        Assert.That(body["error"]?["code"]?.GetValue<string>(), Is.Not.Null);
    }

    [Test]
    public async Task Listing_apps_returns_an_array_ordered_by_id()
    {
        await CreateAppAsync("zeta");
        await CreateAppAsync("alpha");
        await CreateAppAsync("mid");

        var apps = (await GetJsonAsync("/apps/")).AsArray();

        Assert.That(apps.Select(app => app!["id"]!.GetValue<long>()), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(apps.Select(app => app!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "zeta", "alpha", "mid" }));
        Assert.That(apps.All(app => app!["ingest_key"] is null), Is.True);
    }

    [Test]
    public async Task The_versioned_routes_serve_the_same_apps()
    {
        var (id, _) = await CreateAppAsync("versioned");

        var viaV1 = await GetJsonAsync($"/api/v1/apps/{id}");
        var created = await Operator.PostAsync("/api/v1/apps/second", null);

        Assert.That(viaV1["name"]!.GetValue<string>(), Is.EqualTo("versioned"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await GetJsonAsync("/apps")).AsArray(), Has.Count.EqualTo(2));
    }
}
