namespace Faultline.Infrastructure;

/// <summary>
/// Faultline must not start as configured, or cannot here; the message says why and what to do, in one
/// line, for the person reading the terminal or the container log.
/// </summary>
public class CannotStartException(string message) : Exception(message);
