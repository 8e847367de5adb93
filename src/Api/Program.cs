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

// `dotnet run --project src/Api -- migrate [status | down [steps]]` works on the schema and exits.
if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(app.Services, args);
}

try
{
    await app.Services.PrepareDatabaseAsync();
}
catch (SchemaTooNewException exception)
{
    Console.Error.WriteLine($"faultline: {exception.Message}");
    await app.Services.StopEmbeddedDatabaseAsync();
    return 1;
}

app.UseFaultlineApi();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
