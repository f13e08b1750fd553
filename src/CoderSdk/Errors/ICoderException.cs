namespace CoderSdk.Errors;

/// <summary>
/// Marks every exception the SDK defines, including the two that cannot derive from <see cref="CoderException"/>
/// because they keep a base type of .NET or Polly (<see cref="CoderOutcomeUnknownException"/>,
/// <see cref="CoderConcurrencyLimitExceededException"/>): <c>catch (Exception ex) when (ex is ICoderException)</c>
/// handles anything the SDK itself reports.
/// </summary>
public interface ICoderException
{
}
