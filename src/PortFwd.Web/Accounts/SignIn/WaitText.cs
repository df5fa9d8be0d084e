namespace PortFwd.Web.Accounts.SignIn;

/// <summary>A remaining wait in plain words, rounded up: "4 minutes", "1 minute", "30 seconds".</summary>
public static class WaitText
{
    public static string TooManyFailures(TimeSpan wait) => AccountMessages.TooManyFailures(wait).Text;

    /// <summary>The <c>Retry-After</c> header's value: whole seconds, rounded up.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Words(TimeSpan wait)
    {
        if (wait >= TimeSpan.FromMinutes(1))
        {
            var minutes = (int)Math.Ceiling(wait.TotalMinutes);
            return minutes == 1 ? "1 minute" : $"{minutes} minutes";
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return seconds == 1 ? "1 second" : $"{seconds} seconds";
    }
}
