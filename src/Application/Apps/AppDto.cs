namespace Faultline.Application.Apps;

public sealed class AppDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }
}
