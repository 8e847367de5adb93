using System.Globalization;
using Faultline.Infrastructure;
using Faultline.Infrastructure.Database;

namespace Faultline.Api;

/// <summary>
/// The migration workflow from the command line, as a person expects of a migration tool:
/// <c>migrate</c> applies what is pending, <c>migrate status</c> lists applied and pending migrations,
/// <c>migrate down [steps]</c> steps back (one by default). Each prints what it did and exits.
/// </summary>
internal static class MigrateCommand
{
    private const string Usage = "usage: migrate | migrate status | migrate down [steps]";

    public static bool IsRequested(string[] args) =>
        args.Length > 0 && string.Equals(args[0], "migrate", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        try
        {
            return await RunVerbAsync(services.GetRequiredService<SchemaMigrator>(), args);
        }
        catch (SchemaTooNewException exception)
        {
            await Console.Error.WriteLineAsync($"faultline: {exception.Message}");
            return 1;
        }
        finally
        {
            await services.StopEmbeddedDatabaseAsync();
        }
    }

    private static async Task<int> RunVerbAsync(SchemaMigrator migrator, string[] args)
    {
        var verb = args.Length > 1 ? args[1].ToLowerInvariant() : "up";
        switch (verb)
        {
            case "up" when args.Length <= 2:
                var applied = await migrator.ApplyAsync(CancellationToken.None);
                Console.WriteLine(applied.Count == 0
                    ? "faultline: migrations are up to date"
                    : $"faultline: applied {applied.Count} migration(s); migrations are up to date");
                PrintStates(applied);
                return 0;
            case "status" when args.Length == 2:
                var states = await migrator.StatusAsync(CancellationToken.None);
                PrintStates(states);
                Console.WriteLine($"faultline: {states.Count(s => s.IsApplied)} applied, {states.Count(s => !s.IsApplied)} pending");
                return 0;
            case "down" when args.Length == 2 || (args.Length == 3 && IsPositive(args[2])):
                var steps = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
                var undone = await migrator.RollbackAsync(steps, CancellationToken.None);
                Console.WriteLine($"faultline: rolled back {undone.Count} migration(s)");
                PrintStates(undone);
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static bool IsPositive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;

    private static void PrintStates(IEnumerable<MigrationState> states)
    {
        foreach (var state in states)
        {
            var when = state.AppliedOn is { } appliedOn ? appliedOn.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "pending";
            Console.WriteLine($"  {state.Version,6}  {when,-23}  {state.Description}");
        }
    }
}
