using Faultline.Api;
using Faultline.Application;
using Faultline.Infrastructure;
using Faultline.Infrastructure.Database;
using Faultline.Infrastructure.EmbeddedPostgres;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(ApiServices.DefaultUrl);
}

try
{
    await builder.AddFaultlineDatabaseAsync();
}
catch (EmbeddedPostgresException exception)
{
    Console.Error.WriteLine($"faultline: {exception.Message}");
    return 1;
}

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddFaultlineApi(builder.Configuration);

await using var app = builder.Build();

// `dotnet run --project src/Api -- migrate` applies the migrations and exits.
if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
    Console.WriteLine("faultline: migrations are up to date");
    await (app.Services.GetService<EmbeddedPostgresServer>()?.StopAsync() ?? Task.CompletedTask);
    return 0;
}

await app.Services.PrepareDatabaseAsync();
app.UseFaultlineApi();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
