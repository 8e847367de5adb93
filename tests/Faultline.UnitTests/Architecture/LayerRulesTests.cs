using System.Reflection;

namespace Faultline.UnitTests.Architecture;

/// <summary>The layer rules of the architecture, read from what each assembly actually references.</summary>
public sealed class LayerRulesTests
{
    private static readonly Assembly Domain = typeof(Faultline.Domain.Events.Level).Assembly;
    private static readonly Assembly Application = typeof(Faultline.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(Faultline.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(Faultline.Api.ApiServices).Assembly;

    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(name => name.Name!).ToArray();

    [Test]
    public void The_domain_references_nothing_of_ours_or_of_any_framework_beyond_the_base_library()
    {
        Assert.That(References(Domain), Is.All.Matches<string>(name => name.StartsWith("System", StringComparison.Ordinal)));
    }

    [Test]
    public void The_application_references_neither_ASP_NET_Core_nor_Npgsql_nor_outer_layers()
    {
        var references = References(Application);
        Assert.That(references, Has.None.StartsWith("Microsoft.AspNetCore"));
        Assert.That(references, Has.None.StartsWith("Npgsql"));
        Assert.That(references, Has.None.EqualTo(Infrastructure.GetName().Name));
        Assert.That(references, Has.None.EqualTo(Api.GetName().Name));
        Assert.That(references, Does.Contain("Dapper").And.Contain("MediatR"));
    }

    [Test]
    public void The_infrastructure_does_not_reference_the_api_or_Swashbuckle()
    {
        var references = References(Infrastructure);
        Assert.That(references, Has.None.EqualTo(Api.GetName().Name));
        Assert.That(references, Has.None.StartsWith("Swashbuckle"));
    }

    [Test]
    public void Only_the_api_references_Swashbuckle()
    {
        Assert.That(References(Api), Has.Some.StartsWith("Swashbuckle"));
        foreach (var inner in new[] { Domain, Application, Infrastructure })
        {
            Assert.That(References(inner), Has.None.StartsWith("Swashbuckle"), inner.GetName().Name);
        }
    }

    [Test]
    public void Request_handlers_are_internal_and_sealed()
    {
        var handlers = Application.GetTypes()
            .Where(type => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(MediatR.IRequestHandler<,>)))
            .ToList();
        Assert.That(handlers, Is.Not.Empty);
        Assert.That(handlers, Is.All.Matches<Type>(type => type.IsSealed && !type.IsPublic));
    }
}
