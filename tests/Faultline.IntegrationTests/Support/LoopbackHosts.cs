using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.IntegrationTests.Support;

/// <summary>Faultline hosts for clients that need more than the in-memory test server: real sockets, a real mail server.</summary>
public static class LoopbackHosts
{
    /// <summary>A second Faultline on the test database, listening on a free loopback port (real SDKs, a real browser), and its origin.</summary>
    public static (FaultlineApp Host, string Origin) ListenOnLoopback()
    {
        var host = new FaultlineApp();
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (host, new Uri(address).GetLeftPart(UriPartial.Authority));
    }

    /// <summary>The shared Faultline, sending its mail (sign-in codes) to <paramref name="smtp"/>.</summary>
    public static WebApplicationFactory<Program> WithMailServer(this FaultlineApp app, LoopbackSmtpServer smtp) =>
        app.WithWebHostBuilder(builder => builder
            .UseSetting("Faultline:Smtp:Host", "127.0.0.1")
            .UseSetting("Faultline:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .UseSetting("Faultline:Smtp:Security", "none")
            .UseSetting("Faultline:Smtp:From", "Faultline <signin@faultline.test>"));
}
