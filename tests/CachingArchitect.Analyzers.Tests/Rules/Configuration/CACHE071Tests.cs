using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Configuration;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.EntryWithoutSizeOnSizeLimitedCacheAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.EntryWithoutSizeOnSizeLimitedCacheAnalyzer,
    CachingArchitect.CodeFixes.Rules.Configuration.EntryWithoutSizeOnSizeLimitedCacheCodeFix>;
using VerifyShared = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.SharedCacheEntryWithoutSizeAnalyzer>;
using VerifySharedFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.SharedCacheEntryWithoutSizeAnalyzer,
    CachingArchitect.CodeFixes.Rules.Configuration.EntryWithoutSizeOnSizeLimitedCacheCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Configuration;

public class CACHE071Tests
{
    private static string Local(string method) =>
        $"'{method}' adds an entry without Size to a MemoryCache created with SizeLimit: it throws InvalidOperationException when the entry is committed; set Size on the entry";

    private static string Shared(string method, string reason) =>
        $"'{method}' adds an entry without Size to the shared IMemoryCache, which is size-limited ({reason}): it throws InvalidOperationException when the entry is committed; set Size on the entry";

    private static DiagnosticResult At(int location, string method) => VerifyCS.Diagnostic().WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(Local(method));

    // ------------------------------------------------------------------ dedicated instances (live)

    [Fact]
    public Task Set_GetOrCreate_and_CreateEntry_on_a_dedicated_size_limited_cache() => VerifyCS.VerifyAsync("""
        public sealed class ThumbnailCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });

            public void Put(string key, byte[] image) =>
                _cache.{|#0:Set|}(key, image, TimeSpan.FromMinutes(10));

            public byte[] Get(string key, Func<byte[]> load) =>
                _cache.{|#1:GetOrCreate|}(key, entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                    return load();
                })!;

            public void PutRaw(string key, byte[] image)
            {
                using var entry = _cache.{|#2:CreateEntry|}(key);
                entry.Value = image;
                entry.SlidingExpiration = TimeSpan.FromMinutes(2);
            }
        }
        """,
        At(0, "Set"), At(1, "GetOrCreate"), At(2, "CreateEntry"));

    [Fact]
    public Task Options_assigned_after_creation_and_auto_property_cache() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache
        {
            public MemoryCache Cache { get; } = CreateCache();

            private static MemoryCache CreateCache()
            {
                var options = new MemoryCacheOptions();
                options.SizeLimit = 10_000;
                var cache = new MemoryCache(options);
                cache.{|#0:Set|}("warm-up", 0m, new MemoryCacheEntryOptions { Priority = CacheItemPriority.High });
                return cache;
            }
        }
        """,
        At(0, "Set"));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Entries_with_Size_in_every_form_are_fine() => VerifyCS.VerifyAsync("""
        public sealed class ThumbnailCache
        {
            private static readonly MemoryCacheOptions Options = new() { SizeLimit = 1024 };
            private readonly MemoryCache _cache = new(Options);

            public void Put(string key, byte[] image) =>
                _cache.Set(key, image, new MemoryCacheEntryOptions().SetSize(image.Length).SetSlidingExpiration(TimeSpan.FromMinutes(5)));

            public byte[] Get(string key, Func<byte[]> load) =>
                _cache.GetOrCreate(key, entry =>
                {
                    entry.SetSize(1);
                    return load();
                })!;

            public void PutRaw(string key, byte[] image)
            {
                using var entry = _cache.CreateEntry(key);
                entry.Size = image.Length;
                entry.Value = image;
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_unbounded_or_unknown_instances() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Options;

        public sealed class Caches(IMemoryCache shared, IOptions<MemoryCacheOptions> configured)
        {
            // No SizeLimit: entries need no Size.
            private readonly MemoryCache _unbounded = new(new MemoryCacheOptions { CompactionPercentage = 0.2 });

            // Options configured elsewhere: not proven size-limited.
            private readonly MemoryCache _fromOptions = new(configured);

            public void Write(string key, object value)
            {
                _unbounded.Set(key, value, TimeSpan.FromMinutes(1));
                _fromOptions.Set(key, value, TimeSpan.FromMinutes(1));
                shared.Set(key, value, TimeSpan.FromMinutes(1));
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_options_passed_in_or_built_by_a_helper() => VerifyCS.VerifyAsync("""
        public sealed class ThumbnailCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });

            public void Put(string key, byte[] image, MemoryCacheEntryOptions options) => _cache.Set(key, image, options);

            public void PutSized(string key, byte[] image) => _cache.Set(key, image, Sized(image));

            private static MemoryCacheEntryOptions Sized(byte[] image) => new MemoryCacheEntryOptions().SetSize(image.Length);
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_reads_and_removes() => VerifyCS.VerifyAsync("""
        public sealed class ThumbnailCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });

            public byte[]? Find(string key) => _cache.TryGetValue(key, out byte[]? image) ? image : _cache.Get<byte[]>(key);

            public void Forget(string key)
            {
                _cache.Remove(key);
                _cache.Compact(0.5);
            }
        }
        """);

    // ------------------------------------------------------------------ the shared DI cache (compilation end)

    [Fact]
    public Task Shared_cache_made_size_limited_by_AddMemoryCache() => VerifyShared.VerifyAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddMemoryCache(o => o.SizeLimit = 1024);
                var app = builder.Build();
                app.MapGet("/products/{id}", (int id, IMemoryCache cache) =>
                    cache.{|#0:GetOrCreate|}($"product:{id}", entry =>
                    {
                        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                        return id.ToString();
                    }));
                app.Run();
            }
        }

        public sealed class CatalogService
        {
            private readonly IMemoryCache _cache;

            public CatalogService(IMemoryCache cache) => _cache = cache;

            public void Remember(string key, string value) => _cache.{|#1:Set|}(key, value, TimeSpan.FromMinutes(1));

            public void RememberSized(string key, string value) => _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1 });
        }
        """,
        VerifyShared.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(Shared("GetOrCreate", "'AddMemoryCache' sets SizeLimit")),
        VerifyShared.Diagnostic().WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(Shared("Set", "'AddMemoryCache' sets SizeLimit")));

    [Fact]
    public Task Shared_cache_not_size_limited_or_keyed_is_not_reported() => VerifyShared.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddMemoryCache();
                services.AddKeyedSingleton<IMemoryCache>("bounded", (_, _) => new MemoryCache(new MemoryCacheOptions { SizeLimit = 10 }));
                services.Configure<MemoryCacheOptions>("other", o => o.SizeLimit = 5);
            }
        }

        public sealed class CatalogService(IMemoryCache cache, [FromKeyedServices("bounded")] IMemoryCache bounded)
        {
            public void Remember(string key, string value)
            {
                cache.Set(key, value, TimeSpan.FromMinutes(1));
                bounded.Set(key, value, new MemoryCacheEntryOptions { Size = 1 });
            }
        }
        """);

    [Fact]
    public Task Shared_cache_in_a_project_that_sets_the_limit_only_on_a_dedicated_cache_is_not_reported() => VerifyShared.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class ThumbnailCache
        {
            public MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = 1024 });
        }

        public static class Setup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddMemoryCache();
                services.AddSingleton<ThumbnailCache>();
            }
        }

        public sealed class CatalogService(IMemoryCache cache, ThumbnailCache thumbnails)
        {
            public void Remember(string key, string value, byte[] image)
            {
                cache.Set(key, value, TimeSpan.FromMinutes(1));
                thumbnails.Cache.Set(key, image, new MemoryCacheEntryOptions { Size = image.Length });
            }
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_sets_Size_in_each_shape_and_Fix_All() => VerifyFix.VerifyFixAsync("""
        public sealed class ThumbnailCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });

            public void Put(string key, byte[] image) =>
                _cache.{|#0:Set|}(key, image);

            public void PutWithOptions(string key, byte[] image) =>
                _cache.{|#1:Set|}(key, image, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2) });

            public byte[] Get(string key, Func<byte[]> load) =>
                _cache.{|#2:GetOrCreate|}(key, entry => load())!;

            public void PutRaw(string key, byte[] image)
            {
                using var entry = _cache.{|#3:CreateEntry|}(key);
                entry.Value = image;
            }
        }
        """, """
        public sealed class ThumbnailCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });

            public void Put(string key, byte[] image) =>
                _cache.Set(key, image, new MemoryCacheEntryOptions { Size = 1 });

            public void PutWithOptions(string key, byte[] image) =>
                _cache.Set(key, image, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2), Size = 1 });

            public byte[] Get(string key, Func<byte[]> load) =>
                _cache.GetOrCreate(key, entry =>
                {
                    entry.Size = 1;
                    return load();
                })!;

            public void PutRaw(string key, byte[] image)
            {
                using var entry = _cache.CreateEntry(key);
                entry.Size = 1;
                entry.Value = image;
            }
        }
        """,
        At(0, "Set"), At(1, "Set"), At(2, "GetOrCreate"), At(3, "CreateEntry"));

    [Fact]
    public Task Fix_uses_the_bytes_unit_from_editorconfig() => VerifyFix.VerifyFixAsync("""
        public sealed class ThumbnailCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024 });

            public void Put(string key, byte[] image) => _cache.{|#0:Set|}(key, image);
        }
        """, """
        public sealed class ThumbnailCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024 });

            public void Put(string key, byte[] image) => _cache.Set(key, image, new MemoryCacheEntryOptions { Size = 1024 });
        }
        """,
        "caching_architect.memory_size_unit = bytes",
        Infrastructure.RedisVersion.V3,
        At(0, "Set"));

    [Fact]
    public Task Fix_on_the_shared_cache_finding() => VerifySharedFix.VerifyFixAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Register(IServiceCollection services) => services.AddMemoryCache(o => o.SizeLimit = 100);
        }

        public sealed class CatalogService(IMemoryCache cache)
        {
            public string Get(string key) => cache.{|#0:GetOrCreate|}(key, e => key.ToUpperInvariant())!;
        }
        """, """
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Register(IServiceCollection services) => services.AddMemoryCache(o => o.SizeLimit = 100);
        }

        public sealed class CatalogService(IMemoryCache cache)
        {
            public string Get(string key) => cache.GetOrCreate(key, e =>
            {
                e.Size = 1;
                return key.ToUpperInvariant();
            })!;
        }
        """,
        VerifySharedFix.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(Shared("GetOrCreate", "'AddMemoryCache' sets SizeLimit")));
}
