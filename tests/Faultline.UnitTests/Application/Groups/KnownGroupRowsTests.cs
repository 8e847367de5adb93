using Faultline.Application.Groups;

namespace Faultline.UnitTests.Application.Groups;

public sealed class KnownGroupRowsTests
{
    [Test]
    public void A_committed_group_and_its_user_are_known_and_nothing_else_is()
    {
        var known = new KnownGroupRows();
        known.Committed([(1, "fp-a", 10, "u1"), (1, "fp-b", 11, null)]);

        Assert.Multiple(() =>
        {
            Assert.That(known.HasGroup(1, "fp-a"), Is.True);
            Assert.That(known.HasGroup(1, "fp-b"), Is.True);
            Assert.That(known.HasGroup(2, "fp-a"), Is.False, "another app's group of the same fingerprint");
            Assert.That(known.GroupId(1, "fp-a"), Is.EqualTo(10));
            Assert.That(known.GroupId(1, "fp-b"), Is.EqualTo(11));
            Assert.That(known.GroupId(2, "fp-a"), Is.Null);
            Assert.That(known.HasUser(1, "fp-a", "u1"), Is.True);
            Assert.That(known.HasUser(1, "fp-b", "u1"), Is.False, "the user was seen in another group");
            Assert.That(known.HasUser(1, "fp-a", "u2"), Is.False);
        });
    }

    [Test]
    public void After_rows_are_deleted_beneath_it_nothing_is_known()
    {
        var known = new KnownGroupRows();
        known.Committed([(1, "fp-a", 10, "u1")]);
        known.ForgetAll();

        Assert.That(known.HasGroup(1, "fp-a"), Is.False);
        Assert.That(known.GroupId(1, "fp-a"), Is.Null);
        Assert.That(known.HasUser(1, "fp-a", "u1"), Is.False);
    }

    [Test]
    public void Past_its_bound_it_starts_again_from_the_latest_commit()
    {
        var known = new KnownGroupRows();
        known.Committed(Enumerable.Range(0, KnownGroupRows.MaxEntries + 1).Select(i => (1L, $"fp-{i}", (long)i, (string?)null)));
        known.Committed([(2, "fp-new", 7, null)]);

        Assert.That(known.HasGroup(1, "fp-0"), Is.False);
        Assert.That(known.HasGroup(2, "fp-new"), Is.True);
    }
}
