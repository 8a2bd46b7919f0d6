using System;
using System.Globalization;

namespace CachingArchitect.Analyzers.Infrastructure;

/// <summary>
/// Renders a TTL as C# source (<c>TimeSpan.FromMinutes(5)</c>), shared by the code fixes and by the
/// replacement text diagnostics carry for the build report.
/// </summary>
internal static class TtlSyntax
{
    public static string ToTimeSpanExpression(TimeSpan ttl)
    {
        if (ttl.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return $"TimeSpan.FromDays({ttl.Ticks / TimeSpan.TicksPerDay})";
        }

        if (ttl.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return $"TimeSpan.FromHours({ttl.Ticks / TimeSpan.TicksPerHour})";
        }

        if (ttl.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return $"TimeSpan.FromMinutes({ttl.Ticks / TimeSpan.TicksPerMinute})";
        }

        if (ttl.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return $"TimeSpan.FromSeconds({ttl.Ticks / TimeSpan.TicksPerSecond})";
        }

        return $"TimeSpan.FromMilliseconds({(ttl.Ticks / (double)TimeSpan.TicksPerMillisecond).ToString("0.###", CultureInfo.InvariantCulture)})";
    }

    /// <summary>Whole seconds of <paramref name="ttl"/>, at least 1 (for Memcached <c>cacheSeconds</c>).</summary>
    public static string ToSeconds(TimeSpan ttl) =>
        Math.Max(1L, (long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>Invariant round-trippable text used in diagnostic properties.</summary>
    public static string ToPropertyText(TimeSpan ttl) => ttl.ToString("c", CultureInfo.InvariantCulture);

    public static bool TryParseProperty(string? text, out TimeSpan ttl) =>
        TimeSpan.TryParseExact(text ?? string.Empty, "c", CultureInfo.InvariantCulture, out ttl);
}
