using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>An OpenAI-compatible chat endpoint on loopback: answers /v1/chat/completions with a fixed JSON content, after an optional delay.</summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new();

    public FakeOpenAiServer(string content, TimeSpan delay = default)
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync(content, delay);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}/v1";

    public List<string> Requests { get; } = [];

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync(string content, TimeSpan delay)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream);
                lock (Requests)
                {
                    Requests.Add($"{context.Request.Url!.AbsolutePath} {reader.ReadToEnd()}");
                }

                try
                {
                    await Task.Delay(delay, _stop.Token);
                    var body = JsonSerializer.Serialize(new
                    {
                        id = "chatcmpl-1", @object = "chat.completion", created = 1_700_000_000, model = "fake-model",
                        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                        usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
                    });
                    var bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (Exception)
                {
                    context.Response.Abort();
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _listener.Close();
        _stop.Dispose();
    }
}
