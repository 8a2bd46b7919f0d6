using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the Configuration family (CACHE070–071): idiomatic, correct in-process cache configuration — an unlimited shared
/// IMemoryCache, a dedicated size-limited MemoryCache type whose entries all set Size, AddMemoryCache before EF Core — yields
/// zero diagnostics from every analyzer and compiles cleanly.
/// </summary>
public class CleanCodeConfigurationTests
{
    public const string IdiomaticConfiguration = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        namespace Shop.Configuration;

        public sealed record Thumbnail(string Key, byte[] Bytes);

        /// <summary>The documented pattern: a dedicated, size-limited cache in its own type; every entry sets Size.</summary>
        public sealed class ThumbnailCache
        {
            public MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024, TrackStatistics = true });

            public void Put(Thumbnail thumbnail) =>
                Cache.Set($"shop:thumb:{thumbnail.Key}", thumbnail, new MemoryCacheEntryOptions()
                    .SetSize(thumbnail.Bytes.Length)
                    .SetAbsoluteExpiration(TimeSpan.FromMinutes(30)));

            public Thumbnail? Get(string key) =>
                Cache.GetOrCreate($"shop:thumb:{key}", entry =>
                {
                    entry.Size = 1;
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(30);
                    return new Thumbnail(key, Array.Empty<byte>());
                });

            public void PutRaw(Thumbnail thumbnail)
            {
                using var entry = Cache.CreateEntry($"shop:thumb:{thumbnail.Key}");
                entry.Size = thumbnail.Bytes.Length;
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(30);
                entry.Value = thumbnail;
            }
        }

        public sealed class PriceService(IMemoryCache cache)
        {
            public decimal GetPrice(int id) =>
                cache.GetOrCreate($"shop:price:{id}", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
                    return 9.99m;
                });
        }

        public static class CachingSetup
        {
            public static IServiceCollection AddShopCaching(this IServiceCollection services)
            {
                // The shared cache stays unlimited; the bounded one is a separate singleton type.
                services.AddMemoryCache(o => o.ExpirationScanFrequency = TimeSpan.FromMinutes(1));
                services.AddSingleton<ThumbnailCache>();
                services.AddSingleton<PriceService>();
                return services;
            }
        }
        """;

    [Fact]
    public async Task Idiomatic_configuration_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticConfiguration, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
