namespace Faultline.Application.Analysis;

/// <summary>
/// When a value (a release, an environment, a tag) is over-represented among some events compared with the
/// app: most of them carry it, and clearly more often than the app's events do. One rule for the built-in
/// analysis's findings and for a group's tags, so that both name the same values.
/// </summary>
public static class OverRepresentation
{
    /// <summary>At least this share of the events carry the value.</summary>
    public const double MinShare = 0.5;

    /// <summary>And at least this many times the app's share.</summary>
    public const double MinLift = 1.5;

    public static bool Holds(double share, double appShare) => share >= MinShare && share >= appShare * MinLift;
}
