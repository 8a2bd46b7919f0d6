using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for CACHE072/CACHE075 (memory limits that are really enforced): on .NET 10, a System.Runtime.Caching cache bounded
/// by expirations and the physical-memory pressure threshold, a Microsoft.Extensions.Caching.Memory cache bounded by SizeLimit
/// with sized entries, and an ordinary StackExchange.Redis configuration yield zero diagnostics from every analyzer and compile
/// cleanly.
/// </summary>
public class CleanCodeConfigurationLimitsTests
{
    public const string IdiomaticLimits = """
        using System.Collections.Specialized;
        using System.Runtime.Caching;
        using ExtensionsMemoryCache = Microsoft.Extensions.Caching.Memory.MemoryCache;
        using RuntimeMemoryCache = System.Runtime.Caching.MemoryCache;

        namespace Shop.Limits;

        public sealed record Report(string Id, byte[] Pdf);

        /// <summary>Legacy System.Runtime.Caching code kept on .NET: bounded by expiration, trimmed on memory pressure.</summary>
        public sealed class ReportCache : IDisposable
        {
            private readonly RuntimeMemoryCache cache = new("reports", new NameValueCollection
            {
                { "physicalMemoryLimitPercentage", "85" },
                { "pollingInterval", "00:00:30" },
            });

            public Report? Get(string id) => cache.Get("shop:report:" + id) as Report;

            public void Put(Report report) =>
                cache.Set("shop:report:" + report.Id, report, new CacheItemPolicy { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(10) });

            public void Dispose() => cache.Dispose();
        }

        /// <summary>The enforced byte budget lives in Microsoft.Extensions.Caching.Memory.</summary>
        public sealed class ThumbnailCache
        {
            private readonly ExtensionsMemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024 });

            public void Put(string key, byte[] bytes) =>
                cache.Set("shop:thumb:" + key, bytes, new MemoryCacheEntryOptions()
                    .SetSize(bytes.Length)
                    .SetAbsoluteExpiration(TimeSpan.FromMinutes(30)));

            public byte[]? Get(string key) => cache.Get<byte[]>("shop:thumb:" + key);
        }

        public static class RedisSetup
        {
            public static ConfigurationOptions Options(string connectionString)
            {
                var options = ConfigurationOptions.Parse(connectionString);
                options.AbortOnConnectFail = false;
                options.ConnectRetry = 3;
                return options;
            }
        }
        """;

    [Fact]
    public async Task Idiomatic_limits_have_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticLimits, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
