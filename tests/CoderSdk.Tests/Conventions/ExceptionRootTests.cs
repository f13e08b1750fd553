using CoderSdk.Errors;

namespace CoderSdk.Tests.Conventions;

/// <summary>Every exception type the SDK defines can be caught with one catch: <see cref="CoderException"/>, or <see cref="ICoderException"/> for the two that keep a base of .NET or Polly.</summary>
public sealed class ExceptionRootTests
{
    private static readonly Type[] ForeignBase = [typeof(CoderOutcomeUnknownException), typeof(CoderConcurrencyLimitExceededException)];

    [Fact]
    public void PublicExceptions_EveryOne_IsACoderExceptionOrMarkedAsOne()
    {
        var exceptions = typeof(ICoderClient).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        Assert.Contains(typeof(CoderApiException), exceptions);
        Assert.All(exceptions, t => Assert.True(typeof(ICoderException).IsAssignableFrom(t), $"{t.Name} does not carry ICoderException."));
        Assert.All(exceptions.Except(ForeignBase), t => Assert.True(t == typeof(CoderException) || t.IsSubclassOf(typeof(CoderException)), $"{t.Name} does not derive from CoderException."));
        Assert.True(typeof(HttpRequestException).IsAssignableFrom(typeof(CoderOutcomeUnknownException)));
        Assert.True(typeof(Polly.ExecutionRejectedException).IsAssignableFrom(typeof(CoderConcurrencyLimitExceededException)));
    }
}
