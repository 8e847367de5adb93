using FluentMigrator;

namespace Faultline.IntegrationTests.Support;

/// <summary>The versions of the migrations this build carries, read from their attributes.</summary>
public static class KnownMigrations
{
    public static long[] Versions { get; } = typeof(Faultline.Migrations.SqlFileMigration).Assembly.GetTypes()
        .Select(type => type.GetCustomAttributes(typeof(MigrationAttribute), false).Cast<MigrationAttribute>().FirstOrDefault())
        .Where(attribute => attribute is not null)
        .Select(attribute => attribute!.Version)
        .Order()
        .ToArray();
}
