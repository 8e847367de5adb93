using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Faultline.IntegrationTests.Support;

/// <summary>Keeps every log line (and scope) written through it, with its level and category, for tests to read.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public sealed record Line(LogLevel Level, string Category, string Text);

    public ConcurrentQueue<Line> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Lines.Enqueue(new Line(LogLevel.None, category, "scope: " + state));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(new Line(logLevel, category, formatter(state, exception) + " " + exception));
    }
}
