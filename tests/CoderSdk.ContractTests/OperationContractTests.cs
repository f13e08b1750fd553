using CoderSdk.ContractTests.Infrastructure;
using Xunit.Abstractions;

namespace CoderSdk.ContractTests;

/// <summary>
/// One case per SDK operation and Prism mode: Prism accepted the request the SDK built from spec-valid arguments,
/// and the SDK read Prism's spec-shaped answer into complete models.
/// </summary>
[Collection(PrismCollection.Name)]
public sealed class OperationContractTests(PrismFixture prism, ITestOutputHelper output)
{
    public static TheoryData<PrismMode, string> Operations()
    {
        var data = new TheoryData<PrismMode, string>();
        foreach (var mode in Enum.GetValues<PrismMode>())
        {
            foreach (var operation in OperationCatalog.All)
            {
                data.Add(mode, operation.Key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_AgainstPrism_RequestAcceptedAndResponseRead(PrismMode mode, string operation)
    {
        var result = await prism.ResultAsync(mode, operation);
        output.WriteLine(result.Describe());
        Assert.True(result.Passed, result.Describe());
    }
}
