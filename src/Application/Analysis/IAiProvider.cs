
namespace Faultline.Application.Analysis;

/// <summary>An OpenAI-compatible model that rewrites the built-in findings; registered only when one is configured.</summary>
public interface IAiProvider
{
    Task<AnalysisResult> AnalyzeAsync(AnalysisResult builtIn, CancellationToken cancellationToken);

    Task<SummaryResult> SummarizeAsync(SummaryResult builtIn, CancellationToken cancellationToken);

    /// <summary>True when the endpoint answers HTTP at all (any status): for health checks.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

/// <summary>The AI provider timed out (AI_INFERENCE_TIMEOUT) or could not be used (AI_PROVIDER_UNAVAILABLE).</summary>
public sealed class AiProviderException(Domain.Common.ErrorCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public Domain.Common.ErrorCode Code { get; } = code;
}
