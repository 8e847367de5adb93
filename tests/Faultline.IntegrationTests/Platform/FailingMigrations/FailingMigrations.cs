using FluentMigrator;

namespace Faultline.IntegrationTests.Platform.FailingMigrations;

// Two migrations for SchemaMigratorTests: the second creates a table, then fails.

[Migration(1)]
public sealed class CreateFirstTable : Migration
{
    public override void Up() => Execute.Sql("CREATE TABLE first_table (id bigint)");

    public override void Down() => Execute.Sql("DROP TABLE first_table");
}

[Migration(2)]
public sealed class CreateSecondTableThenFail : Migration
{
    public override void Up() => Execute.Sql("CREATE TABLE second_table (id bigint); SELECT 1 / 0;");

    public override void Down() => Execute.Sql("DROP TABLE second_table");
}
