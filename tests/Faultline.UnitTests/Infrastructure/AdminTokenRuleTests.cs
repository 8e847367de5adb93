using Faultline.Infrastructure.Access;

namespace Faultline.UnitTests.Infrastructure;

public sealed class AdminTokenRuleTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void An_unset_or_empty_token_is_accepted_because_one_is_then_generated(string? token)
    {
        Assert.That(AdminTokenRule.FindProblem(token), Is.Null);
    }

    [TestCase("test-admin-token-0123456789")]
    [TestCase("bench-admin-token-0123456789")]
    [TestCase("3f9a0c1e7b2d4a6f8e0c2b4d6f8a0c1e")]
    public void A_long_token_that_is_no_placeholder_is_accepted(string token)
    {
        Assert.That(AdminTokenRule.FindProblem(token), Is.Null);
    }

    [TestCase("change-me-please")]
    [TestCase("CHANGE_ME")]
    [TestCase("changeme")]
    [TestCase("admin")]
    [TestCase("password")]
    [TestCase("secret")]
    [TestCase("token")]
    [TestCase("choose-a-long-token")]
    [TestCase("please-change-me-before-going-live")]
    [TestCase("replace-me-with-a-random-token-0123")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("abababababababababababababababab")]
    public void A_known_placeholder_is_refused_whatever_its_length(string token)
    {
        Assert.That(AdminTokenRule.FindProblem(token), Does.Contain("placeholder").And.Contain("openssl rand -hex 32"));
    }

    [Test]
    public void A_token_one_character_shorter_than_the_minimum_is_refused_and_the_minimum_is_accepted()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        var shortest = alphabet[..AdminTokenRule.MinimumLength];

        Assert.That(AdminTokenRule.FindProblem(shortest[..^1]), Does.Contain("too short").And.Contain($"at least {AdminTokenRule.MinimumLength}"));
        Assert.That(AdminTokenRule.FindProblem(shortest), Is.Null);
    }

    [Test]
    public void The_message_is_one_line_and_never_repeats_the_token()
    {
        const string token = "k3y-that-is-short";

        var problem = AdminTokenRule.FindProblem(token);

        Assert.That(problem, Does.Not.Contain("\n").And.Not.Contain(token));
    }
}
