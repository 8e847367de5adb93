using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Faultline.Infrastructure.Logging;

/// <summary>
/// One console format for every line Faultline logs: JSON lines for log collectors (containers,
/// services, anything reading a pipe or a file), readable single lines for a person whose terminal is
/// stdout. <c>Logging:Console:FormatterName</c> (<c>json</c>, <c>simple</c>, <c>systemd</c>) overrides the
/// choice. Applied both to the host's logging and to the logger used while the database starts, before
/// the host exists, so that those first lines look like all the others.
/// </summary>
public static class ConsoleLogFormat
{
    private const string Timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static ILoggingBuilder AddFaultlineConsole(this ILoggingBuilder logging)
    {
        logging.AddConsole();
        // These run after the binding of the Logging:Console section, so a configured value is kept.
        logging.Services.Configure<ConsoleLoggerOptions>(options =>
            options.FormatterName ??= Console.IsOutputRedirected ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);
        logging.Services.Configure<SimpleConsoleFormatterOptions>(options =>
        {
            options.SingleLine = true;
            // The simple formatter writes the level right after the timestamp: the space is the format's.
            options.TimestampFormat ??= Timestamp + " ";
            options.UseUtcTimestamp = true;
        });
        logging.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            // Scopes carry the request id; a person at a terminal reads shorter lines without them.
            options.IncludeScopes = true;
            options.TimestampFormat ??= Timestamp;
            options.UseUtcTimestamp = true;
        });
        return logging;
    }
}
