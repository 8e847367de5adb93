using Faultline.Application.Common;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers MediatR 5 by hand (its DI package is not used) and every request handler in this assembly.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddSingleton<IClock, SystemClock>();
        services.AddSingleton<Access.IngestKeyCache>();
        services.AddSingleton<Access.IngestKeyUsage>();
        services.AddSingleton<OperatorKeys.OperatorKeyCache>();
        services.AddSingleton<Groups.KnownGroupRows>();
        services.AddScoped<Analysis.WindowAnalyzer>();

        var handlerInterface = typeof(IRequestHandler<,>);
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces()
                         .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == handlerInterface))
            {
                services.AddScoped(contract, type);
            }
        }

        return services;
    }
}
