using System.Globalization;
using Faultline.Domain.Events.Grouping;

namespace Faultline.UnitTests.Domain.Grouping;

public sealed class MessageTemplateTests
{
    [TestCase("Timeout after 31 ms on order 8812", "Timeout after 45 ms on order 9001")]
    [TestCase("Evicting chunk blk_-4211 from cache", "Evicting chunk blk_98812 from cache")]
    [TestCase("Lookup 3f2a9c1b-0000-4000-8000-1234567890ab missed", "Lookup 9e8d7c6b-1111-4000-8000-abcdefabcdef missed")]
    [TestCase("Register at 0x7ffe12a0 is bad", "Register at 0xdeadbeef is bad")]
    [TestCase("Accepted from 10.0.0.1:5432 now", "Accepted from 192.168.10.200:80 now")]
    [TestCase("Cannot open /var/lib/app/cache.db", "Cannot open /tmp/other.file")]
    [TestCase("Fetched https://shop.example/a?b=1 fine", "Fetched http://other.example/ fine")]
    [TestCase("Mail to ann@example.org bounced", "Mail to bob.smith@mail.example.com bounced")]
    [TestCase("Resolved gw.corp.example.com quickly", "Resolved mail.example.net quickly")]
    [TestCase("Connected to cache.internal.example.org:6379", "Connected to db-2.example.io:5432")]
    [TestCase("Setting state to 'Active'", "Setting state to \"Standby\"")]
    [TestCase("Pool stats: active=3 idle=17 state=ok", "Pool stats: active=12 idle=0 state=draining")]
    [TestCase("Uploaded 2.5 MB in 2 sec", "Uploaded 512 bytes in 0.25 s")]
    [TestCase("Backup started on Mon Jun 17 07:07:00 2024", "Backup started on Sat Dec 1 23:59:59 2025")]
    [TestCase("Session opened for user alice by uid 0", "Session opened for user bob by uid 1000")]
    [TestCase("Failed password for root from 10.1.1.1 port 22", "Failed password for deploy from 10.2.2.2 port 2222")]
    [TestCase("Invalid user user from 10.0.0.9", "Invalid user admin from 10.0.0.8")]
    [TestCase("Job com.example.jobs.Nightly done", "Job org.sample.Cleanup.weekly done")]
    [TestCase("Interface up: 00:1a:2b:3c:4d:5e", "Interface up: fe80::1ff:fe23:4567:890a")]
    [TestCase("Connection from 10.0.0.1 (host-10-0-0-1.example.net) closed", "Connection from 10.0.0.2 () closed")]
    public void Messages_that_differ_only_in_their_variable_parts_meet(string first, string second)
    {
        Assert.That(MessageTemplate.Of(first), Is.EqualTo(MessageTemplate.Of(second)));
    }

    [TestCase("Timeout after 31 ms on order 8812", "Connection refused on order 8812")]
    [TestCase("Disk full on node 3", "Disk healthy on node 3")]
    [TestCase("Received com.example.events.ORDER_PLACED", "Received com.example.events.ORDER_CANCELLED")]
    [TestCase("Payment failed", "Payment failed twice")]
    [TestCase("Link up on en0", "Link up on wlan1")]
    [TestCase("onStart:1700000000123", "onStop:1700000000123")]
    public void Messages_from_different_statements_stay_apart(string first, string second)
    {
        Assert.That(MessageTemplate.Of(first), Is.Not.EqualTo(MessageTemplate.Of(second)));
    }

    [Test]
    public void A_template_shows_its_variables_and_keeps_its_words()
    {
        Assert.That(
            MessageTemplate.Of("Timeout after 31 ms on order 8812 (retry=3)"),
            Is.EqualTo("Timeout after <*> on order <*> (retry=<*>)"));
    }

    /// <summary>An oracle: messages generated from known statements with random values fall into one group per statement.</summary>
    [Test]
    public void Generated_messages_group_exactly_by_the_statement_that_wrote_them()
    {
        var random = new Random(20260210);
        string[] users = ["alice", "bob", "carol", "svc-deploy", "root"];
        string[] hosts = ["api-1.example.com", "db.internal.example.org", "10.0.4.17", "cache-3.example.net"];
        Func<string>[] values =
        [
            () => random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture),
            () => Guid.NewGuid().ToString(),
            () => hosts[random.Next(hosts.Length)],
            () => $"/srv/data/{random.Next(1000)}/part-{random.Next(99)}.bin",
            () => $"0x{random.Next():x8}",
            () => $"{random.Next(1, 999)}.{random.Next(10)} {(random.Next(2) == 0 ? "KB" : "MB")}",
        ];
        string[] statements =
        [
            "Payment {0} failed for user {1}",
            "Payment {0} captured for user {1}",
            "Worker on {2} lost its lease {0}",
            "Could not read {3} after {0} ms",
            "Cache miss for key={0} on {2}",
            "Uploaded {5} to {2}",
            "Segfault at {4} in worker {0}",
            "Shutting down",
        ];

        var messages = new List<(int Statement, string Text)>();
        for (var i = 0; i < 2_000; i++)
        {
            var statement = random.Next(statements.Length);
            var user = users[random.Next(users.Length)];
            var text = string.Format(CultureInfo.InvariantCulture, statements[statement], values[random.Next(3)](), user, values[2](), values[3](), values[4](), values[5]());
            messages.Add((statement, text));
        }

        var groups = messages.GroupBy(message => MessageTemplate.Of(message.Text)).ToList();
        Assert.That(groups, Has.Count.EqualTo(messages.Select(message => message.Statement).Distinct().Count()));
        Assert.That(groups.Select(group => group.Select(message => message.Statement).Distinct().Count()), Is.All.EqualTo(1));
    }

    [Test]
    public void The_template_does_not_depend_on_what_was_seen_before()
    {
        var messages = Enumerable.Range(0, 500).Select(i => $"Order {i} of customer c-{i % 7} shipped to host{i % 3}.example.com").ToList();

        var forwards = messages.Select(MessageTemplate.Of).ToList();
        var backwards = Enumerable.Reverse(messages).Select(MessageTemplate.Of).Reverse().ToList();
        var inParallel = messages.AsParallel().AsOrdered().Select(MessageTemplate.Of).ToList();

        Assert.That(backwards, Is.EqualTo(forwards));
        Assert.That(inParallel, Is.EqualTo(forwards));
        Assert.That(forwards.Distinct().Count(), Is.EqualTo(1));
    }
}
