using Faultline.Application.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.IntegrationTests.Support;

/// <summary>Faultline in-process over HTTP, started once for the run, against the test database.</summary>
public sealed class FaultlineApp : WebApplicationFactory<Program>
{
    private static FaultlineApp? _shared;

    public TestClock Clock { get; } = new();

    public static FaultlineApp Shared => _shared ??= new FaultlineApp();

    public static async Task DisposeSharedAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
            _shared = null;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
    }
}
