namespace CoderSdk.Tests.Support;

/// <summary>A fact that needs POSIX signals (SIGTERM, kill); skipped on Windows, which has neither.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals only";
        }
    }
}
