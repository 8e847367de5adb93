using System.Text.Json;
using Faultline.Infrastructure.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Faultline.UnitTests.Infrastructure;

public sealed class ConsoleLogFormatTests
{
    private const string Iso8601Utc = @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z";

    [Test]
    public void Without_a_configured_formatter_a_terminal_gets_simple_lines_and_anything_else_JSON()
    {
        using var services = Logging();

        var formatter = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;

        Assert.That(formatter, Is.EqualTo(Console.IsOutputRedirected ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple));
    }

    [TestCase("simple")]
    [TestCase("json")]
    [TestCase("systemd")]
    public void A_configured_formatter_wins(string name)
    {
        using var services = Logging(("Logging:Console:FormatterName", name));

        Assert.That(services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName, Is.EqualTo(name));
    }

    [Test]
    public void A_simple_line_is_one_line_with_a_space_between_the_UTC_timestamp_and_the_level()
    {
        using var services = Logging(("Logging:Console:FormatterOptions:ColorBehavior", "Disabled"));

        var line = Write(services, ConsoleFormatterNames.Simple);

        Assert.That(line, Does.Match($@"^{Iso8601Utc} info: Faultline\.Database\[0\] Using the embedded PostgreSQL\r?\n$"));
    }

    [Test]
    public void A_JSON_line_is_one_object_with_a_UTC_timestamp_the_category_and_the_message()
    {
        using var services = Logging();

        var line = Write(services, ConsoleFormatterNames.Json);

        Assert.That(line.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.That(json.GetProperty("Timestamp").GetString(), Does.Match($"^{Iso8601Utc}$"));
        Assert.That(json.GetProperty("Category").GetString(), Is.EqualTo("Faultline.Database"));
        Assert.That(json.GetProperty("Message").GetString(), Is.EqualTo("Using the embedded PostgreSQL"));
    }

    private static ServiceProvider Logging(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddFaultlineConsole())
            .BuildServiceProvider();
    }

    private static string Write(ServiceProvider services, string formatterName)
    {
        var formatter = services.GetServices<ConsoleFormatter>().Single(candidate => candidate.Name == formatterName);
        using var writer = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Information, "Faultline.Database", new EventId(0), "Using the embedded PostgreSQL", null, (state, _) => state);
        formatter.Write(entry, scopeProvider: null, writer);
        return writer.ToString();
    }
}
