using Faultline.Api;
using Faultline.Application;
using Faultline.Infrastructure;
using Faultline.Infrastructure.Database;
using Faultline.Infrastructure.EmbeddedPostgres;
using Faultline.Infrastructure.Logging;

// Settings are read at startup only. Reloading appsettings.json on change would make a FileSystemWatcher
// watch the whole content root, subfolders included, and the embedded PostgreSQL's data directory
// (.faultline/ under the working directory) is one of them: every write of the database would wake it.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.Logging.AddFaultlineConsole();
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(ApiServices.DefaultUrl);
}

try
{
    builder.RefuseUnsafeSettings();
    await builder.AddFaultlineDatabaseAsync();
}
catch (CannotStartException exception)
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
