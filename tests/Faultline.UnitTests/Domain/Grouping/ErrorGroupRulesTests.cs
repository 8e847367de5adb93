using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;

namespace Faultline.UnitTests.Domain.Grouping;

public sealed class ErrorGroupRulesTests
{
    [TestCase(EventKind.Error, Level.Info, true)]
    [TestCase(EventKind.Log, Level.Warning, true)]
    [TestCase(EventKind.Request, Level.Critical, true)]
    [TestCase(EventKind.Log, Level.Info, false)]
    [TestCase(EventKind.Custom, Level.Debug, false)]
    public void Errors_and_events_at_warning_or_above_belong_to_a_group(EventKind kind, Level level, bool belongs)
    {
        var item = NewEvent.Create(new EventDraft { Kind = kind, Level = level, Message = "Timeout after 31 ms" });

        Assert.That(item.BelongsToGroup, Is.EqualTo(belongs));
    }

    [TestCase("KeyError", "sku 12 missing", "KeyError: sku <*> missing")]
    [TestCase(null, "sku 12 missing", "sku <*> missing")]
    [TestCase("Timeout", "Timeout after 31 ms", "Timeout after <*>")]
    public void A_group_title_is_the_exception_type_and_the_template(string? name, string message, string title)
    {
        Assert.That(GroupingKey.Title(name, message), Is.EqualTo(title));
    }

    [TestCase("resolved", GroupStatus.Resolved)]
    [TestCase(" Ignored ", GroupStatus.Ignored)]
    [TestCase("UNRESOLVED", GroupStatus.Unresolved)]
    public void Statuses_are_read_in_any_case(string text, GroupStatus status)
    {
        Assert.That(GroupStatuses.Parse(text), Is.EqualTo(status));
        Assert.That(GroupStatuses.Parse(status.Name()), Is.EqualTo(status));
    }

    [TestCase(null)]
    [TestCase("closed")]
    public void Other_statuses_are_validation_errors(string? text)
    {
        Assert.Throws<DomainValidationException>(() => GroupStatuses.Parse(text));
    }

    [TestCase(null, GroupSort.LastSeen)]
    [TestCase("count", GroupSort.Count)]
    [TestCase("FIRST_SEEN", GroupSort.FirstSeen)]
    public void Sorts_default_to_last_seen(string? text, GroupSort sort)
    {
        Assert.That(GroupStatuses.ParseSort(text), Is.EqualTo(sort));
        Assert.Throws<DomainValidationException>(() => GroupStatuses.ParseSort("title"));
    }
}
