using Faultline.Api.Auth;
using Microsoft.AspNetCore.Authentication;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>What Sentry's envelope protocol adds to the HTTP layer: its credential scheme, its policy and its CORS rules.</summary>
public static class SentryServices
{
    public const string CorsPolicy = "SentryIngestion";

    public static IServiceCollection AddSentryEnvelopeProtocol(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, SentryKeyAuthenticationHandler>(AuthSchemes.SentryKey, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.SentryIngest, policy => policy.AddAuthenticationSchemes(AuthSchemes.SentryKey).RequireAuthenticatedUser());

        // Browser SDKs run on any site that carries them, and the key they send can only write events.
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Post)
            .WithHeaders("Content-Type", "Content-Encoding", SentryAuth.Header, "Sentry-Trace", "Baggage")
            .WithExposedHeaders(SentryErrorWriterAttribute.RateLimitsHeader, "Retry-After")));
        return services;
    }
}
