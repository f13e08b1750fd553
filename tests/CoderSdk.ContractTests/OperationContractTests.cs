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
    public static TheoryData<ContractCase> Operations()
    {
        var data = new TheoryData<ContractCase>();
        foreach (var mode in Enum.GetValues<PrismMode>())
        {
            foreach (var operation in OperationCatalog.All)
            {
                data.Add(new ContractCase { Mode = mode, Operation = operation.Key });
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_AgainstPrism_RequestAcceptedAndResponseRead(ContractCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var result = await prism.ResultAsync(@case.Mode, @case.Operation);
        output.WriteLine(result.Describe());
        Assert.True(result.Passed, result.Describe());
    }
}

/// <summary>
/// A test case's data. Its own type, printed whole, because xunit cuts string arguments in test names at 50
/// characters and an operation's name (method, route, SDK member) is longer.
/// </summary>
public sealed class ContractCase : IXunitSerializable
{
    public PrismMode Mode { get; set; }

    public string Operation { get; set; } = string.Empty;

    public void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Mode = info.GetValue<PrismMode>(nameof(Mode));
        Operation = info.GetValue<string>(nameof(Operation));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.AddValue(nameof(Mode), Mode);
        info.AddValue(nameof(Operation), Operation);
    }

    public override string ToString() => $"{Mode} {Operation}";
}
