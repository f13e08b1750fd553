namespace CoderSdk.Tests.Support;

/// <summary>A fact that needs POSIX behaviour: signals (SIGTERM, kill), or symbolic links any user may create; skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX only";
        }
    }
}
