using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Faultline.IntegrationTests.Users;

/// <summary>Signed-in users' tokens: only HS256 tokens signed with Faultline's key, unexpired, for an active user pass.</summary>
public sealed class UserTokenTests : AccountTest
{
    private const string SigningKey = "test-signing-key-0123456789abcdef0123456789";
    private WebApplicationFactory<Program> _host = null!;
    private HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public void StartHostWithKnownKey()
    {
        _host = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:Jwt:SigningKey", SigningKey));
        _anonymous = _host.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        _anonymous.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<long> RegisterHereAsync(string email)
    {
        await RegisterAsync(email, client: _anonymous);
        var token = await LoginAsync(email, client: _anonymous);
        return (await ReadJsonAsync(await Send("/api/v1/users/me", token)))["id"]!.GetValue<long>();
    }

    private Task<HttpResponseMessage> Send(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _anonymous.SendAsync(request);
    }

    private static string Token(long userId, string key = SigningKey, string algorithm = SecurityAlgorithms.HmacSha256,
        DateTime? expires = null, string issuer = "faultline")
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "faultline",
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-1),
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-1),
            Expires = expires ?? now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    private static string Unsigned(long userId)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"sub\":\"{userId}\",\"iss\":\"faultline\",\"aud\":\"faultline\",\"exp\":{expires}}}")}.";
    }

    [Test]
    public async Task A_token_made_with_the_configured_key_is_accepted()
    {
        var userId = await RegisterHereAsync("ada@example.com");
        Assert.That((await Send("/api/v1/users/me", Token(userId))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Forged_expired_unsigned_and_foreign_tokens_are_401_everywhere()
    {
        var userId = await RegisterHereAsync("ada@example.com");
        var refused = new Dictionary<string, string>
        {
            ["alg none"] = Unsigned(userId),
            ["another key"] = Token(userId, key: "another-key-0123456789abcdef0123456789abcdef"),
            ["expired"] = Token(userId, expires: DateTime.UtcNow.AddMinutes(-5)),
            ["HS512"] = Token(userId, key: SigningKey + SigningKey, algorithm: SecurityAlgorithms.HmacSha512),
            ["another issuer"] = Token(userId, issuer: "someone-else"),
            ["a user who does not exist"] = Token(userId + 1000),
            ["a tampered payload"] = TamperedSubject(Token(userId), userId + 1),
        };
        foreach (var (name, token) in refused)
        {
            foreach (var path in new[] { "/api/v1/users/me", "/api/v1/apps" })
            {
                var response = await Send(path, token);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{name} on {path}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Test]
    public async Task A_deactivated_users_token_stops_working_at_once()
    {
        var userId = await RegisterHereAsync("ada@example.com");
        var token = Token(userId);
        Assert.That((await Send("/api/v1/apps", token)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var patched = await Operator.PatchAsync($"/api/v1/admin/users/{userId}", Json(new { is_active = false }));
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());
        Assert.That((await Send("/api/v1/apps", token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Send("/api/v1/users/me", token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var login = await _anonymous.PostAsync("/api/v1/auth/login", Json(new { email = "ada@example.com", password = StrongPassword }));
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static string TamperedSubject(string token, long otherUserId)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var changed = System.Text.RegularExpressions.Regex.Replace(payload, "\"sub\":\"\\d+\"", $"\"sub\":\"{otherUserId}\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(changed)}.{parts[2]}";
    }
}
