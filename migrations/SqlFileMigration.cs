using FluentMigrator;

namespace Faultline.Migrations;

/// <summary>
/// A migration written in PostgreSQL's own SQL, which says what the fluent API cannot (partitioned tables,
/// functions, partial indexes): <c>NNNN_name.sql</c> steps up and <c>NNNN_name.down.sql</c> steps back.
/// Both files sit beside this class in migrations/ and are embedded into this assembly.
/// </summary>
public abstract class SqlFileMigration(string name) : Migration
{
    public override void Up() => Execute.Sql(Read($"{name}.sql"));

    public override void Down() => Execute.Sql(Read($"{name}.down.sql"));

    private static string Read(string resource)
    {
        var assembly = typeof(SqlFileMigration).Assembly;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The migration file {resource} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
