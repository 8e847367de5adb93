using System.Text.Json;
using Faultline.Application.Common;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// Faultline:Diagnostics:StageTimingFile (bench/cost-table): when set, every request's path is timed stage by
/// stage and the cumulative totals are rewritten to that file once a second, so a tool can diff two copies.
/// Unset (the default), none of it is registered and the pipeline is the plain one.
/// </summary>
internal static class StageTimingSetup
{
    public static IServiceCollection AddStageTiming(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[StageTimings.FileKey] is { Length: > 0 } file)
        {
            services.AddSingleton<StageTimings>();
            services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add(new StageMarkFilter()));
            services.AddHostedService(provider => new StageTimingFileWriter(provider.GetRequiredService<StageTimings>(), file));
        }

        return services;
    }

    /// <summary>
    /// Adds the middlewares in order; with stage timing on, a mark between each two charges the way in to the
    /// one before it and the way out to the one after it.
    /// </summary>
    public static void UseTimed(this IApplicationBuilder app, params (string Stage, Action<IApplicationBuilder> Add)[] middlewares)
    {
        if (app.ApplicationServices.GetService<StageTimings>() is not { } timings)
        {
            foreach (var (_, add) in middlewares)
            {
                add(app);
            }

            return;
        }

        app.Use(async (context, next) =>
        {
            StageClock.Start(timings);
            await next(context);
            StageClock.Mark("(end of the timed pipeline)");
        });
        var previous = "Kestrel to the first middleware";
        foreach (var (stage, add) in middlewares.Append(("MVC endpoint", _ => { })))
        {
            var (inward, outward) = (previous, stage + ", way out");
            app.Use(async (context, next) =>
            {
                StageClock.Mark(inward);
                await next(context);
                StageClock.Mark(outward);
            });
            add(app);
            previous = stage;
        }
    }

    /// <summary>Splits MVC's share: up to here the invoker, the controller and the authorization filters; after it, binding.</summary>
    private sealed class StageMarkFilter : Microsoft.AspNetCore.Mvc.Filters.IAsyncResourceFilter
    {
        public Task OnResourceExecutionAsync(
            Microsoft.AspNetCore.Mvc.Filters.ResourceExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.ResourceExecutionDelegate next)
        {
            StageClock.Mark("MVC: endpoint, action invoker, controller, filters");
            return next();
        }
    }

    private sealed class StageTimingFileWriter(StageTimings timings, string file) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    Write();
                }
            }
            catch (OperationCanceledException)
            {
                Write();
            }
        }

        private void Write()
        {
            var stages = timings.Snapshot().ToDictionary(stage => stage.Key, stage => new
            {
                order = stage.Value.Order,
                count = stage.Value.Count,
                events = stage.Value.Events,
                cpu_count = stage.Value.CpuCount,
                cpu_ns = stage.Value.CpuNanoseconds,
                wall_ns = stage.Value.WallNanoseconds,
            });
            var process = new
            {
                allocated_bytes = GC.GetTotalAllocatedBytes(),
                gc_pause_ns = (long)(GC.GetTotalPauseDuration().TotalMilliseconds * 1e6),
                gen0 = GC.CollectionCount(0),
                gen1 = GC.CollectionCount(1),
                gen2 = GC.CollectionCount(2),
            };
            File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(new { stages, process }));
            File.Move(file + ".tmp", file, overwrite: true);
        }
    }
}
