using Microsoft.Extensions.Logging;

namespace Faultline.Infrastructure.Database;

/// <summary>
/// FluentMigrator narrates every statement it runs at Information; Faultline logs one line per applied
/// migration itself, so only FluentMigrator's warnings and errors go through the application's logging.
/// </summary>
internal sealed class WarningsOnlyLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new WarningsOnlyLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The application owns the inner factory and disposes it.
    public void Dispose()
    {
    }

    private sealed class WarningsOnlyLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
