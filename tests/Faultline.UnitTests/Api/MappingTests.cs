using AutoMapper;
using Faultline.Api.Mapping;

namespace Faultline.UnitTests.Api;

public sealed class MappingTests
{
    [Test]
    public void The_contract_mappings_are_complete()
    {
        var configuration = new MapperConfiguration(config => config.AddProfile<ContractsProfile>());
        Assert.DoesNotThrow(configuration.AssertConfigurationIsValid);
    }
}
