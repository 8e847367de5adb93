using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using Faultline.Application.Analysis;
using Faultline.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace Faultline.Infrastructure.Ai;

/// <summary>Faultline:Ai — an OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM) for analyses; unset: built-in only.</summary>
public sealed class AiOptions
{
    public const string Section = "Faultline:Ai";

    /// <summary>The API's base address, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    public int TimeoutSeconds { get; set; } = 60;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}

/// <summary>
/// Asks an OpenAI-compatible model to explain the clusters, giving it the built-in findings and a sample
/// of each; it answers the same fields as JSON. A timeout is AI_INFERENCE_TIMEOUT, anything else that
/// keeps an answer from arriving or being read is AI_PROVIDER_UNAVAILABLE.
/// </summary>
public sealed class OpenAiCompatibleProvider : IAiProvider
{
    public const string Provider = "openai-compatible";

    private const string Instructions = """
        You are an SRE assistant. For each cluster of log events you are given its sample message, counts and the
        findings of a rule-based analysis. Answer only with a JSON object {"clusters": [{"index": <the cluster's index>,
        "root_cause": "...", "confidence": <0 to 1>, "summary": "...", "suggested_action": "..."}]}, one entry per cluster.
        """;

    private readonly ChatClient _client;
    private readonly AiOptions _options;
    private readonly ILogger<OpenAiCompatibleProvider> _logger;

    public OpenAiCompatibleProvider(IOptions<AiOptions> options, ILogger<OpenAiCompatibleProvider> logger)
    {
        _options = options.Value;
        _logger = logger;
        _client = new ChatClient(_options.Model, new ApiKeyCredential(string.IsNullOrEmpty(_options.ApiKey) ? "none" : _options.ApiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(_options.Endpoint!),
            // Our own timeout decides; the client's retries would multiply it.
            NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds + 5),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }

    public async Task<AnalysisResult> AnalyzeAsync(AnalysisResult builtIn, CancellationToken cancellationToken)
    {
        if (builtIn.Clusters.Count == 0)
        {
            return builtIn;
        }

        var prompt = new StringBuilder();
        foreach (var (cluster, index) in builtIn.Clusters.Select((cluster, index) => (cluster, index)))
        {
            prompt.AppendLine($"Cluster {index}: {cluster.Count} x [{cluster.Level}] \"{cluster.SampleMessage}\" from {cluster.FirstSeenAt:O} to {cluster.LastSeenAt:O}.");
            prompt.AppendLine("Findings: " + string.Join(" ", cluster.Findings));
            prompt.AppendLine("Rule-based root cause: " + cluster.Analysis.RootCause);
        }

        using var answer = await AskAsync(prompt.ToString(), cancellationToken);
        if (!answer.RootElement.TryGetProperty("clusters", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new AiProviderException(ErrorCodes.AiProviderUnavailable, "The AI provider's answer has no clusters.");
        }

        var explained = builtIn.Clusters.ToList();
        foreach (var item in items.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object))
        {
            if (item.TryGetProperty("index", out var indexValue) && indexValue.TryGetInt32(out var index) && index >= 0 && index < explained.Count)
            {
                explained[index] = explained[index] with { Analysis = Explanation(item, explained[index].Analysis) };
            }
        }

        return builtIn with { Clusters = explained };
    }

    public async Task<SummaryResult> SummarizeAsync(SummaryResult builtIn, CancellationToken cancellationToken)
    {
        using var answer = await AskAsync(
            "Rewrite this rule-based summary of a service's logs for an on-call engineer. Answer {\"summary\": \"...\"}.\n" + builtIn.Summary,
            cancellationToken);
        return answer.RootElement.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.String
            ? builtIn with { Summary = summary.GetString()!, Provider = Provider, Model = _options.Model! }
            : throw new AiProviderException(ErrorCodes.AiProviderUnavailable, "The AI provider's answer has no summary.");
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(_options.Endpoint!.TrimEnd('/') + "/models"), cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private Explanation Explanation(JsonElement item, Explanation builtIn) => new(
        Text(item, "root_cause") ?? builtIn.RootCause,
        item.TryGetProperty("confidence", out var confidence) && confidence.TryGetDouble(out var value) ? Math.Clamp(value, 0, 1) : builtIn.Confidence,
        Text(item, "summary") ?? builtIn.Summary,
        Text(item, "suggested_action") ?? builtIn.SuggestedAction,
        Provider,
        _options.Model!);

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<JsonDocument> AskAsync(string prompt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            ChatCompletion completion = await _client.CompleteChatAsync(
                [new SystemChatMessage(Instructions), new UserChatMessage(prompt)],
                new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(), Temperature = 0 },
                timeout.Token);
            var text = completion.Content.FirstOrDefault()?.Text ?? string.Empty;
            return JsonDocument.Parse(text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AiProviderException(ErrorCodes.AiInferenceTimeout, $"The AI provider did not answer within {_options.TimeoutSeconds} seconds.");
        }
        catch (Exception exception) when (exception is ClientResultException or HttpRequestException or JsonException or InvalidOperationException)
        {
            _logger.LogWarning(exception, "The AI provider could not be used");
            throw new AiProviderException(ErrorCodes.AiProviderUnavailable, "The AI provider could not be reached or gave no usable answer.", exception);
        }
    }
}
