using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for CACHE073–074: an application that tracks statistics on the caches it reads them from, logs Redis connection
/// events, and commits every <c>CreateEntry</c> entry (<c>using</c> declarations and statements, a <c>finally</c>, entries handed
/// to the caller) yields zero diagnostics from every analyzer and compiles cleanly. It is compiled as an executable, so the
/// no-telemetry check (which only looks at applications) runs too.
/// </summary>
public class CleanCodeTelemetryTests
{
    public const string IdiomaticTelemetry = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMemoryCache(o => o.TrackStatistics = true);
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<CacheHealth>>();
            var mux = ConnectionMultiplexer.Connect(builder.Configuration.GetConnectionString("redis") ?? "localhost:6379,abortConnect=false");
            mux.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection failed: {FailureType}", e.FailureType);
            mux.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection restored: {EndPoint}", e.EndPoint);
            return mux;
        });
        builder.Services.AddSingleton<CacheHealth>();
        builder.Services.AddSingleton<LocalLookup>();
        builder.Services.AddSingleton<PriceWriter>();

        var app = builder.Build();
        app.MapGet("/health/cache", (CacheHealth health) => health.Report());
        app.Run();

        public sealed class CacheHealth(IMemoryCache cache)
        {
            public string Report() =>
                cache.GetCurrentStatistics() is { } stats ? $"hits={stats.TotalHits} misses={stats.TotalMisses}" : "n/a";
        }

        public sealed class LocalLookup
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { TrackStatistics = true, SizeLimit = 1000 });

            public long Entries => _cache.GetCurrentStatistics()?.CurrentEntryCount ?? 0;

            public void Put(string key, string value)
            {
                using var entry = _cache.CreateEntry($"shop:lookup:{key}");
                entry.Size = 1;
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                entry.Value = value;
            }
        }

        public sealed class PriceWriter(IMemoryCache cache)
        {
            public void Put(int id, decimal price)
            {
                using (var entry = cache.CreateEntry($"shop:price:{id}"))
                {
                    entry.SetValue(price).SetAbsoluteExpiration(TimeSpan.FromSeconds(30));
                }
            }

            public void PutComputed(int id, Func<decimal> compute)
            {
                var entry = cache.CreateEntry($"shop:price:{id}");
                try
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
                    entry.Value = compute();
                }
                finally
                {
                    entry.Dispose();
                }
            }

            // The caller configures and disposes the entry.
            public ICacheEntry Begin(int id) => cache.CreateEntry($"shop:price:{id}").SetAbsoluteExpiration(TimeSpan.FromSeconds(30));
        }
        """;

    [Fact]
    public async Task Idiomatic_telemetry_code_has_no_diagnostics()
    {
        var ct = CancellationToken.None;
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(IdiomaticTelemetry, new CSharpParseOptions(LanguageVersion.Preview), path: "/0/Program.cs", cancellationToken: ct),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, new CSharpParseOptions(LanguageVersion.Preview), path: "/0/GlobalUsings.cs", cancellationToken: ct),
        };
        var compilation = CSharpCompilation.Create(
            "ShopApp",
            trees,
            TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) =>
            {
                lock (failures)
                {
                    failures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Catalog.Analyzers, options).GetAnalyzerDiagnosticsAsync(ct);

        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics(ct).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }

    [Fact]
    public async Task Idiomatic_telemetry_code_as_a_library_has_no_diagnostics()
    {
        var library = IdiomaticTelemetry.Substring(IdiomaticTelemetry.IndexOf("public sealed class CacheHealth", System.StringComparison.Ordinal));
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(library, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
