using Faultline.Application.Common;
using Faultline.Infrastructure.Access;
using Faultline.Infrastructure.Database;
using Faultline.Application.Events;
using Faultline.Infrastructure.EmbeddedPostgres;
using Faultline.Infrastructure.Ingestion;
using Faultline.Infrastructure.Logging;
using Faultline.Infrastructure.Maintenance;
using Faultline.Infrastructure.Security;
using Faultline.Application.Users;
using Faultline.Infrastructure.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Faultline";
    public const string DataDirectoryKey = "Faultline:DataDir";
    public const string DefaultDataDirectory = ".faultline";

    /// <summary>Where the database's own lines are logged; the benchmark raises this category's level to read the embedded server's port.</summary>
    public const string DatabaseLogCategory = "Faultline.Database";

    /// <summary>
    /// Refuses, before anything is started, settings that would leave an installation open to anyone
    /// who has read the repository: an admin token that is short or a known placeholder.
    /// </summary>
    public static void RefuseUnsafeSettings(this IHostApplicationBuilder builder)
    {
        if (AdminTokenRule.FindProblem(builder.Configuration[OperatorTokens.ConfigurationKey]) is { } problem)
        {
            throw new CannotStartException(problem);
        }

        if (JwtUserTokens.FindProblem(builder.Configuration[JwtUserTokens.SigningKeyKey]) is { } jwtProblem)
        {
            throw new CannotStartException(jwtProblem);
        }
    }

    /// <summary>
    /// Makes sure there is a database to talk to: the configured ConnectionStrings:Faultline, or else an
    /// embedded PostgreSQL started now from the machine's binaries, supervised while the host runs and
    /// stopped when it stops.
    /// </summary>
    public static async Task AddFaultlineDatabaseAsync(this IHostApplicationBuilder builder)
    {
        // The host's logging does not exist yet: this logger is configured as it will be, and the
        // server's later lines go to the host's own once the host hands the server out.
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddFaultlineConsole());
        var logger = loggerFactory.CreateLogger(DatabaseLogCategory);
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var target = new NpgsqlConnectionStringBuilder(configured);
            logger.LogInformation("Using the configured PostgreSQL at {Host}:{Port}, database {Database}", target.Host, target.Port, target.Database);
            return;
        }

        var dataDirectory = builder.Configuration[DataDirectoryKey] is { Length: > 0 } directory ? directory : DefaultDataDirectory;
        var server = await EmbeddedPostgresServer.StartAsync(dataDirectory, logger);
        builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = server.ConnectionString;
        builder.Services.AddSingleton(provider =>
        {
            server.LogTo(provider.GetRequiredService<ILoggerFactory>().CreateLogger(DatabaseLogCategory));
            return server;
        });
        builder.Services.AddHostedService<EmbeddedPostgresSupervisor>();
    }

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");
        connectionString = WithDefaults(connectionString);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<IDbConnectionFactory, PostgresConnectionFactory>();
        services.AddSingleton<ISecretKeys, SecretKeys>();
        services.AddSingleton(provider => new SchemaMigrator(connectionString, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<OperatorTokens>();
        services.AddSingleton<JwtUserTokens>();
        services.AddSingleton<IUserTokens>(provider => provider.GetRequiredService<JwtUserTokens>());
        services.AddSingleton<IPasswordHasher, Argon2idPasswordHasher>();
        services.AddSingleton<Faultline.Application.Requests.IClientAddressHasher, ClientAddressHasher>();
        services.AddHostedService<IngestKeyUsageFlusher>();
        services.AddSingleton<ISignInCodeHasher, SignInCodeHasher>();
        // Sign-in codes go by mail when a server is configured, else to the log (development).
        var smtp = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (smtp.IsConfigured)
        {
            services.AddSingleton(smtp);
            services.AddSingleton<ISignInCodeSender, SmtpSignInCodeSender>();
        }
        else
        {
            services.AddSingleton<ISignInCodeSender, LogSignInCodeSender>();
        }
        services.AddSingleton<IPasswordStrength, ZxcvbnPasswordStrength>();

        services.Configure<IngestionOptions>(configuration.GetSection(IngestionOptions.Section));
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));
        services.AddSingleton<EventStoreMaintenance>();
        services.AddHostedService(provider => provider.GetRequiredService<EventStoreMaintenance>());
        services.AddSingleton<PartitionManager>();
        services.Configure<Analytics.AnalyticsDigestOptions>(configuration.GetSection(Analytics.AnalyticsDigestOptions.Section));
        services.AddSingleton<Analytics.AnalyticsDigestBuilder>();
        services.AddHostedService(provider => provider.GetRequiredService<Analytics.AnalyticsDigestBuilder>());
        services.Configure<Anomalies.AnomalyOptions>(configuration.GetSection(Anomalies.AnomalyOptions.Section));
        services.AddSingleton<Anomalies.AnomalyDetector>();
        services.AddHostedService(provider => provider.GetRequiredService<Anomalies.AnomalyDetector>());
        services.Configure<Ai.AiOptions>(configuration.GetSection(Ai.AiOptions.Section));
        if (configuration.GetSection(Ai.AiOptions.Section).Get<Ai.AiOptions>()?.IsConfigured == true)
        {
            services.AddSingleton<Application.Analysis.IAiProvider, Ai.OpenAiCompatibleProvider>();
        }
        services.Configure<Jobs.JobOptions>(configuration.GetSection(Jobs.JobOptions.Section));
        services.AddSingleton<Jobs.JobWorker>();
        services.AddSingleton<Application.Jobs.IJobSignal>(provider => provider.GetRequiredService<Jobs.JobWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<Jobs.JobWorker>());
        services.AddSingleton<EventBatchWriter>();
        services.AddHostedService<SearchIndexPendingListCleaner>();
        if (configuration.GetSection(IngestionOptions.Section).Get<IngestionOptions>()?.GroupCommit ?? true)
        {
            services.AddSingleton<GroupCommitEventWriter>();
            services.AddSingleton<IEventWriter>(provider => provider.GetRequiredService<GroupCommitEventWriter>());
            services.AddHostedService(provider => provider.GetRequiredService<GroupCommitEventWriter>());
        }
        else
        {
            services.AddSingleton<IEventWriter, DirectEventWriter>();
        }

        return services;
    }

    /// <summary>
    /// Defaults a connection string may override: when PostgreSQL is down a request should fail within
    /// seconds, not after Npgsql's 15-second connect default; the few statements run on every request
    /// are prepared automatically, which saves parsing and planning them each time; the pool is small
    /// enough that several instances fit in one server's connection limit; and PostgreSQL's JIT is off,
    /// because it compiles for tens of milliseconds queries that run in a few (docs/decisions/0012-statistics-plans.md).
    /// The embedded server's string passes through here too; a configured string that sets jit keeps its own.
    /// </summary>
    private static string WithDefaults(string connectionString)
    {
        const int connectSeconds = 5;
        const int preparedStatements = 32;
        // Instances share one server: PostgreSQL's default max_connections (100) must hold all their pools.
        // Ingestion needs a connection per group-commit writer and reads are short, so 30 is plenty for one.
        const int poolSize = 30;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = poolSize;
        }

        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = connectSeconds;
        }

        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = preparedStatements;
        }

        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = $"{builder.Options} -c jit=off".TrimStart();
        }

        return builder.ConnectionString;
    }

    /// <summary>Stops the embedded PostgreSQL, if there is one, when Faultline exits without having served.</summary>
    public static Task StopEmbeddedDatabaseAsync(this IServiceProvider services) =>
        services.GetService<EmbeddedPostgresServer>()?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Applies pending migrations and prepares operator access; run once before serving.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.GetRequiredService<SchemaMigrator>().ApplyAsync(cancellationToken);
        await services.GetRequiredService<OperatorTokens>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<JwtUserTokens>().InitializeAsync(cancellationToken);
    }
}
