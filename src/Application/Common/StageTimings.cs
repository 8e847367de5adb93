using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Faultline.Application.Common;

/// <summary>
/// A diagnostic for bench/cost-table (docs/decisions/0017-single-event-cost.md), off unless
/// Faultline:Diagnostics:StageTimingFile is set: CPU and wall time summed per named stage of the request
/// path. It only observes; nothing it does changes what a request is checked for or when it is answered.
/// </summary>
public sealed class StageTimings
{
    public const string FileKey = "Faultline:Diagnostics:StageTimingFile";

    private readonly ConcurrentDictionary<string, Totals> _stages = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds one measurement covering <paramref name="events"/> events; <paramref name="cpuNanoseconds"/> is
    /// null when the stage resumed on another thread, whose CPU time cannot be told apart.
    /// </summary>
    public void Add(string stage, long? cpuNanoseconds, long wallTicks, int events = 1, int order = int.MaxValue)
    {
        var totals = _stages.GetOrAdd(stage, static _ => new Totals());
        // The ingestion path has the most marks: its lap numbers are the largest, and they give the order.
        for (var seen = Volatile.Read(ref totals.Order); order > seen; seen = Volatile.Read(ref totals.Order))
        {
            Interlocked.CompareExchange(ref totals.Order, order, seen);
        }

        Interlocked.Increment(ref totals.Count);
        Interlocked.Add(ref totals.Events, events);
        Interlocked.Add(ref totals.WallNanoseconds, (long)(wallTicks * (1e9 / Stopwatch.Frequency)));
        if (cpuNanoseconds is { } cpu)
        {
            Interlocked.Increment(ref totals.CpuCount);
            Interlocked.Add(ref totals.CpuNanoseconds, cpu);
        }
    }

    /// <summary>Cumulative totals per stage.</summary>
    public IReadOnlyDictionary<string, Totals> Snapshot() => new Dictionary<string, Totals>(_stages);

    public sealed class Totals
    {
        /// <summary>The stage's place on the request's path (its lap's number), so that a report can list stages in order.</summary>
        public int Order = -1;
        public long Count;
        public long Events;
        public long CpuCount;
        public long CpuNanoseconds;
        public long WallNanoseconds;
    }
}

/// <summary>
/// One request's laps: each <see cref="Mark"/> charges the time since the previous mark to the named stage.
/// Carried in an AsyncLocal from the first middleware down to the event writer; absent (and every mark a
/// no-op) unless stage timing is on.
/// </summary>
public sealed class StageClock
{
    /// <summary>The stage that measures nothing: the cost of a mark itself, to subtract from every stage.</summary>
    public const string EmptyStage = "(an empty stage: the cost of timing)";

    private static readonly AsyncLocal<StageClock?> CurrentClock = new();

    // The clock that last ran on this thread: another one in between means the thread did other work.
    [ThreadStatic]
    private static StageClock? _lastOnThread;

    private readonly StageTimings _timings;
    private long _cpu;
    private long _wall;
    private int _thread;
    private int _laps;

    private StageClock(StageTimings timings)
    {
        _timings = timings;
        Restart();
    }

    public static void Start(StageTimings timings)
    {
        var clock = new StageClock(timings);
        CurrentClock.Value = clock;
        clock.Lap(EmptyStage, afterWait: false);
    }

    public static void Mark(string stage) => CurrentClock.Value?.Lap(stage, afterWait: false);

    /// <summary>A mark after an await that waited: the thread did other work meanwhile, so only wall time counts.</summary>
    public static void MarkAfterWait(string stage) => CurrentClock.Value?.Lap(stage, afterWait: true);

    private void Lap(string stage, bool afterWait)
    {
        var cpu = ThreadCpu.Nanoseconds();
        var wall = Stopwatch.GetTimestamp();
        var sameRun = !afterWait && Environment.CurrentManagedThreadId == _thread && ReferenceEquals(_lastOnThread, this);
        _timings.Add(stage, sameRun ? cpu - _cpu : null, wall - _wall, order: _laps++);
        Restart(); // after the bookkeeping, so that it is charged to no stage
    }

    private void Restart()
    {
        _lastOnThread = this;
        _thread = Environment.CurrentManagedThreadId;
        _cpu = ThreadCpu.Nanoseconds();
        _wall = Stopwatch.GetTimestamp();
    }
}

/// <summary>The calling thread's CPU time (Linux's CLOCK_THREAD_CPUTIME_ID); 0 elsewhere.</summary>
public static class ThreadCpu
{
    private const int ThreadCpuTimeClock = 3;

    public static long Nanoseconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuTimeClock, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the latter's generated code needs unsafe blocks in this project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054
}
