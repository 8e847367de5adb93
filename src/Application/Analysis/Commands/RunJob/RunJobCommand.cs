using System.Text.Json;
using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Jobs;
using MediatR;

namespace Faultline.Application.Analysis.Commands.RunJob;

/// <summary>Runs one claimed job: the built-in analysis or summary, then the configured AI provider when asked for and present.</summary>
public sealed record RunJobCommand(string Kind, string RequestJson) : IRequest<JobOutcome>;

internal sealed class RunJobCommandHandler(WindowAnalyzer analyzer, IDbConnectionFactory database, IEnumerable<IAiProvider> providers)
    : IRequestHandler<RunJobCommand, JobOutcome>
{
    private const string PreviousWindowSql = """
        SELECT count(*) FROM events
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Environment AS text) IS NULL OR coalesce(environment, 'default') = @Environment)
          AND (CAST(@Levels AS text[]) IS NULL OR level = ANY(@Levels))
        """;

    public async Task<JobOutcome> Handle(RunJobCommand command, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<JobRequest>(command.RequestJson, JobRequest.Json)
            ?? throw new InvalidOperationException("A job without a request.");
        var ai = request.IncludeAi ? providers.FirstOrDefault() : null;
        if (command.Kind == JobKinds.Summary)
        {
            var summary = await SummarizeAsync(request, cancellationToken);
            return await WithAiAsync(summary, ai is null ? null : token => ai.SummarizeAsync(summary, token), cancellationToken);
        }

        var analysis = await analyzer.AnalyzeAsync(request, cancellationToken);
        return await WithAiAsync(analysis, ai is null ? null : token => ai.AnalyzeAsync(analysis, token), cancellationToken);
    }

    /// <summary>The AI provider's answer replaces the built-in one; when it fails the job fails with its code and keeps the built-in result.</summary>
    private static async Task<JobOutcome> WithAiAsync<T>(T builtIn, Func<CancellationToken, Task<T>>? ask, CancellationToken cancellationToken)
    {
        if (ask is null)
        {
            return new JobOutcome(JsonSerializer.Serialize(builtIn, JobRequest.Json));
        }

        try
        {
            return new JobOutcome(JsonSerializer.Serialize(await ask(cancellationToken), JobRequest.Json));
        }
        catch (AiProviderException failure)
        {
            return new JobOutcome(JsonSerializer.Serialize(builtIn, JobRequest.Json), failure.Code.Value, failure.Message);
        }
    }

    private async Task<SummaryResult> SummarizeAsync(JobRequest request, CancellationToken cancellationToken)
    {
        var analysis = await analyzer.AnalyzeAsync(request, cancellationToken, allLevelsByDefault: true);
        await using var connection = await database.OpenAsync(cancellationToken);
        var length = request.Until - request.Since;
        var before = await connection.ExecuteScalarAsync<long>(new CommandDefinition(PreviousWindowSql, new
        {
            request.AppId,
            Since = (request.Since - length).UtcDateTime,
            Until = request.Since.UtcDateTime,
            request.Environment,
            Levels = request.Levels.Count > 0 ? request.Levels.ToArray() : null,
        }, cancellationToken: cancellationToken));

        var clusters = analysis.Clusters.Take(request.MaxLines is { } max ? Math.Max(1, Math.Min(max, WindowAnalyzer.MaxClusters)) : 3).ToList();
        var lines = new List<string>
        {
            analysis.Total == 0
                ? "Nothing was logged in this window."
                : $"{analysis.Total} event(s) in {analysis.Clusters.Count} cluster(s), against {before} in the window before"
                  + (before > 0 ? $" ({(analysis.Total - before) * 100.0 / before:+0;-0}%)." : "."),
        };
        lines.AddRange(clusters.Select(cluster => $"{cluster.Count} × [{cluster.Level}] \"{WindowAnalyzer.Shorten(cluster.SampleMessage)}\": {cluster.Analysis.RootCause}"));
        var fresh = analysis.Clusters.Where(c => c.Findings.Any(f => f.StartsWith("New:", StringComparison.Ordinal))).ToList();
        if (fresh.Count > 0)
        {
            lines.Add($"New in this window: {string.Join(", ", fresh.Select(c => $"\"{WindowAnalyzer.Shorten(c.SampleMessage)}\""))}.");
        }

        var spikes = analysis.Clusters.Where(c => c.Findings.Any(f => f.StartsWith("A spike", StringComparison.Ordinal))).ToList();
        if (spikes.Count > 0)
        {
            lines.Add($"Spiking: {string.Join(", ", spikes.Select(c => $"\"{WindowAnalyzer.Shorten(c.SampleMessage)}\""))}.");
        }

        return new SummaryResult(string.Join("\n", lines), analysis.Total, analysis.TimeRange, BuiltIn.Provider, BuiltIn.Model);
    }
}
