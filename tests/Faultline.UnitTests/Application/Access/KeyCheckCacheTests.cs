using Faultline.Application.Access;

namespace Faultline.UnitTests.Application.Access;

public sealed class KeyCheckCacheTests
{
    private static readonly byte[] Hash = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly Caller Key = Caller.IngestKey(7, "server", 3, null);

    [Test]
    public async Task Fifty_requests_missing_the_same_key_at_once_read_it_once()
    {
        var cache = new IngestKeyCache();
        var reads = 0;
        var release = new TaskCompletionSource();

        async Task<(Caller, DateTimeOffset?)?> Load()
        {
            Interlocked.Increment(ref reads);
            await release.Task;
            return (Key, null);
        }

        var waiting = Enumerable.Range(0, 50).Select(_ => cache.GetOrLoadAsync(Hash, Load, CancellationToken.None)).ToList();
        release.SetResult();
        var callers = await Task.WhenAll(waiting);

        Assert.Multiple(() =>
        {
            Assert.That(reads, Is.EqualTo(1));
            Assert.That(callers, Has.All.SameAs(Key));
            Assert.That(cache.TryGet(Hash, out var remembered) ? remembered : null, Is.SameAs(Key));
        });
    }

    [Test]
    public async Task An_unknown_key_is_not_remembered_and_the_next_request_reads_again()
    {
        var cache = new IngestKeyCache();
        var reads = 0;

        Task<(Caller, DateTimeOffset?)?> Load()
        {
            reads++;
            return Task.FromResult<(Caller, DateTimeOffset?)?>(null);
        }

        Assert.That(await cache.GetOrLoadAsync(Hash, Load, CancellationToken.None), Is.Null);
        Assert.That(await cache.GetOrLoadAsync(Hash, Load, CancellationToken.None), Is.Null);
        Assert.That(reads, Is.EqualTo(2));
    }

    [Test]
    public async Task A_failed_read_fails_every_waiting_request_and_the_next_one_reads_again()
    {
        var cache = new IngestKeyCache();
        var release = new TaskCompletionSource();

        async Task<(Caller, DateTimeOffset?)?> Fail()
        {
            await release.Task;
            throw new TimeoutException("the database did not answer");
        }

        var waiting = Enumerable.Range(0, 3).Select(_ => cache.GetOrLoadAsync(Hash, Fail, CancellationToken.None)).ToList();
        release.SetResult();
        foreach (var request in waiting)
        {
            Assert.That(async () => await request, Throws.TypeOf<TimeoutException>());
        }

        var caller = await cache.GetOrLoadAsync(Hash, () => Task.FromResult<(Caller, DateTimeOffset?)?>((Key, null)), CancellationToken.None);
        Assert.That(caller, Is.SameAs(Key));
    }

    [Test]
    public void A_cancelled_request_stops_waiting_without_cancelling_the_read_others_wait_for()
    {
        var cache = new IngestKeyCache();
        var release = new TaskCompletionSource();

        async Task<(Caller, DateTimeOffset?)?> Load()
        {
            await release.Task;
            return (Key, null);
        }

        using var cancelled = new CancellationTokenSource();
        var first = cache.GetOrLoadAsync(Hash, Load, cancelled.Token);
        var second = cache.GetOrLoadAsync(Hash, Load, CancellationToken.None);
        cancelled.Cancel();
        release.SetResult();

        Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(second.Result, Is.SameAs(Key));
    }
}
