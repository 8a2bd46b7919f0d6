using Microsoft.Extensions.Caching.Memory;

namespace CachingArchitect.Sample.Services;

public sealed record DailyReport(DateOnly Day, int Orders, decimal Revenue);

public sealed class ReportService(IMemoryCache cache)
{
    public DailyReport GetDailyReport()
    {
#if FIXED
        return GetReportFor(DateOnly.FromDateTime(DateTime.UtcNow));
#else
        // Mistake (CACHE010): DateTime.Now in the key makes a new key on every call: nothing is ever read back and the
        // cache fills with one-off entries.
        return cache.GetOrCreate($"report:daily:{DateTime.Now}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
            return Build(DateOnly.FromDateTime(DateTime.UtcNow));
        })!;
#endif
    }

    // Correct: the key uses the calendar day, which is stable for the whole day.
    public DailyReport GetReportFor(DateOnly day)
    {
        return cache.GetOrCreate($"report:daily:{day:yyyy-MM-dd}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
            return Build(day);
        })!;
    }

    public void RememberLatest(DailyReport report)
    {
#if FIXED
        using var entry = cache.CreateEntry("report:latest");
#else
        // Mistake (CACHE074): an ICacheEntry is only committed when it is disposed; this one never is, so the report is
        // never cached and every call rebuilds it.
        var entry = cache.CreateEntry("report:latest");
#endif
        entry.Value = report;
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(30);
    }

    private static DailyReport Build(DateOnly day) => new(day, Orders: 42, Revenue: 1234.50m);
}
