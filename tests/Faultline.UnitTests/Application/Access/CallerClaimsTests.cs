using System.Security.Claims;
using Faultline.Application.Access;

namespace Faultline.UnitTests.Application.Access;

public sealed class CallerClaimsTests
{
    private static IEnumerable<TestCaseData> Callers()
    {
        yield return new TestCaseData(Caller.IngestKey(17, "browser", 4, 600)).SetArgDisplayNames("an ingest key with a limit");
        yield return new TestCaseData(Caller.IngestKey(18, "server", 4, null)).SetArgDisplayNames("an ingest key without one");
        yield return new TestCaseData(Caller.BootstrapAdmin).SetArgDisplayNames("the bootstrap token");
        yield return new TestCaseData(Caller.OperatorKey(3, "dashboards", ["read"], [1, 2])).SetArgDisplayNames("an operator key limited to two apps");
    }

    [TestCaseSource(nameof(Callers))]
    public void A_caller_written_as_claims_reads_back_the_same(Caller caller)
    {
        var read = caller.ToPrincipal("Test").Caller();

        Assert.Multiple(() =>
        {
            Assert.That(read.Kind, Is.EqualTo(caller.Kind));
            Assert.That(read.KeyId, Is.EqualTo(caller.KeyId));
            Assert.That(read.Name, Is.EqualTo(caller.Name));
            Assert.That(read.Scopes, Is.EqualTo(caller.Scopes));
            Assert.That(read.Apps, Is.EqualTo(caller.Apps));
            Assert.That(read.RateLimitPerMinute, Is.EqualTo(caller.RateLimitPerMinute));
        });
    }

    [Test]
    public void Nobody_authenticated_is_no_caller()
    {
        Assert.That(new ClaimsPrincipal(new ClaimsIdentity()).FindCaller(), Is.Null);
        Assert.That(() => new ClaimsPrincipal(new ClaimsIdentity()).Caller(), Throws.InvalidOperationException);
    }

    [Test]
    public void An_authenticated_principal_without_a_kind_Faultline_knows_is_no_caller()
    {
        var stranger = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CallerClaims.Kind, "robot")], "Other"));

        Assert.That(stranger.FindCaller(), Is.Null);
    }

    [Test]
    public void Admin_implies_read_and_an_ingest_key_has_no_operator_scope()
    {
        Assert.That(Caller.BootstrapAdmin.Has("read"), Is.True);
        Assert.That(Caller.IngestKey(1, "k", 1, null).Has("read"), Is.False);
        Assert.That(Caller.IngestKey(1, "k", 1, null).MaySee(2), Is.False);
        Assert.That(Caller.BootstrapAdmin.MaySee(2), Is.True);
    }
}
