using Faultline.Domain.Common;
using Faultline.Domain.Events;

namespace Faultline.UnitTests.Domain;

public sealed class LevelTests
{
    [TestCase("DEBUG", Level.Debug)]
    [TestCase("info", Level.Info)]
    [TestCase("Warning", Level.Warning)]
    [TestCase("WARN", Level.Warning)]
    [TestCase("warn", Level.Warning)]
    [TestCase("error", Level.Error)]
    [TestCase("CRITICAL", Level.Critical)]
    [TestCase("Fatal", Level.Critical)]
    [TestCase(" error ", Level.Error)]
    public void Levels_are_read_case_insensitively_with_aliases(string text, Level expected)
    {
        Assert.That(Levels.Parse(text), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("TRACE")]
    [TestCase("ERR")]
    [TestCase("5")]
    public void Unknown_levels_are_validation_errors(string text)
    {
        var error = Assert.Throws<DomainValidationException>(() => Levels.Parse(text));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ValidationError));
    }

    [Test]
    public void Every_level_round_trips_through_its_name()
    {
        Assert.That(Levels.All.Select(level => Levels.FromName(level.Name())), Is.EqualTo(Levels.All));
    }

    [Test]
    public void An_absent_level_filter_means_no_filter()
    {
        Assert.That(Levels.ParseOptional(null), Is.Null);
        Assert.That(Levels.ParseOptional(" "), Is.Null);
    }
}
