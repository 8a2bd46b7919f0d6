using System.Collections.Generic;
using System.Linq;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class CacheOperationRecognizerTests
{
    /// <summary>A recognized call: the operation and the source text of the call.</summary>
    private sealed record Recognized(string Call, CacheOperation? Operation);

    /// <summary>Compiles <paramref name="body"/> inside a method and recognizes every invocation in it, in source order (outermost first).</summary>
    private static List<Recognized> RecognizeAll(string body, RedisVersion redis = RedisVersion.V3, string parameters = "")
    {
        var source = $$"""
            using System.Runtime.Caching;
            class C
            {
                async Task M({{parameters}})
                {
                    {{body}}
                    await Task.CompletedTask;
                }
            }
            """;
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/0/Test0.cs"),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, new CSharpParseOptions(LanguageVersion.Preview)),
        };
        var compilation = CSharpCompilation.Create("Probe", trees, TestReferences.All(redis),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var symbols = CacheSymbols.Get(compilation);
        var model = compilation.GetSemanticModel(trees[0]);
        return trees[0].GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.ToString() != "Task.CompletedTask")
            .Select(i => new Recognized(i.ToString(), CacheOperationRecognizer.Recognize((IInvocationOperation)model.GetOperation(i)!, symbols)))
            .ToList();
    }

    /// <summary>The one recognized operation of a single-call body.</summary>
    private static CacheOperation Single(string body, RedisVersion redis = RedisVersion.V3, string parameters = "")
    {
        var all = RecognizeAll(body, redis, parameters).Where(r => r.Operation is not null).ToList();
        Assert.True(all.Count == 1, "expected one cache operation, got: " + string.Join(", ", all.Select(r => r.Call)));
        return all[0].Operation!;
    }

    private static void AssertOperation(
        CacheOperation operation,
        CacheTechnology technology,
        CacheOperationKind kind,
        string? key = null,
        string? value = null,
        string? factory = null,
        string? expiry = null,
        ExpirySourceKind? expirySource = null)
    {
        Assert.Equal(technology, operation.Technology);
        Assert.Equal(kind, operation.Kind);
        Assert.Equal(key, operation.KeyArgument?.Value.Syntax.ToString());
        Assert.Equal(value, operation.ValueArgument?.Value.Syntax.ToString());
        Assert.Equal(factory, operation.FactoryArgument?.Value.Syntax.ToString());
        if (expiry is not null)
        {
            Assert.Equal(expiry, operation.ExpiryArgument?.Value.Syntax.ToString());
        }

        if (expirySource is not null)
        {
            Assert.Equal(expirySource, operation.ExpirySource);
        }
    }

    // ------------------------------------------------------------------ IMemoryCache

    [Fact]
    public void MemoryCache_write_read_read_through_invalidate()
    {
        const string p = "IMemoryCache cache";
        AssertOperation(Single("""cache.Set("k", 1, TimeSpan.FromMinutes(5));""", parameters: p),
            CacheTechnology.MemoryCache, CacheOperationKind.Write, key: "\"k\"", value: "1", expiry: "TimeSpan.FromMinutes(5)", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""cache.TryGetValue("k", out int v);""", parameters: p),
            CacheTechnology.MemoryCache, CacheOperationKind.Read, key: "\"k\"", expirySource: ExpirySourceKind.NotApplicable);
        AssertOperation(Single("""cache.GetOrCreate("k", e => 1);""", parameters: p),
            CacheTechnology.MemoryCache, CacheOperationKind.ReadThrough, key: "\"k\"", factory: "e => 1", expirySource: ExpirySourceKind.Factory);
        AssertOperation(Single("""cache.Remove("k");""", parameters: p),
            CacheTechnology.MemoryCache, CacheOperationKind.Invalidate, key: "\"k\"");
    }

    // ------------------------------------------------------------------ IDistributedCache

    [Fact]
    public void DistributedCache_write_read_invalidate()
    {
        const string p = "IDistributedCache cache";
        AssertOperation(Single("""await cache.SetStringAsync("k", "v");""", parameters: p),
            CacheTechnology.DistributedCache, CacheOperationKind.Write, key: "\"k\"", value: "\"v\"");
        AssertOperation(Single("""await cache.SetStringAsync("k", "v", new DistributedCacheEntryOptions());""", parameters: p),
            CacheTechnology.DistributedCache, CacheOperationKind.Write, key: "\"k\"", value: "\"v\"", expiry: "new DistributedCacheEntryOptions()", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""await cache.GetStringAsync("k");""", parameters: p),
            CacheTechnology.DistributedCache, CacheOperationKind.Read, key: "\"k\"");
        AssertOperation(Single("""await cache.RemoveAsync("k");""", parameters: p),
            CacheTechnology.DistributedCache, CacheOperationKind.Invalidate, key: "\"k\"");
    }

    // ------------------------------------------------------------------ StackExchange.Redis

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public void Redis_write_read_invalidate(RedisVersion redis)
    {
        const string p = "IDatabase db";
        AssertOperation(Single("""db.StringSet("k", "v", TimeSpan.FromMinutes(5));""", redis, p),
            CacheTechnology.Redis, CacheOperationKind.Write, key: "\"k\"", value: "\"v\"", expiry: "TimeSpan.FromMinutes(5)", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""await db.StringGetAsync("k");""", redis, p),
            CacheTechnology.Redis, CacheOperationKind.Read, key: "\"k\"", expirySource: ExpirySourceKind.NotApplicable);
        AssertOperation(Single("""await db.KeyDeleteAsync("k");""", redis, p),
            CacheTechnology.Redis, CacheOperationKind.Invalidate, key: "\"k\"");
        AssertOperation(Single("""db.HashSet("h", new HashEntry[0]);""", redis, p),
            CacheTechnology.Redis, CacheOperationKind.Write, key: "\"h\"", value: "new HashEntry[0]", expirySource: ExpirySourceKind.NoneInOverload);
    }

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public void Redis_StringSet_omitted_optional_expiry_is_detected(RedisVersion redis)
    {
        var operation = Single("""db.StringSet("k", "v");""", redis, "IDatabase db");
        AssertOperation(operation, CacheTechnology.Redis, CacheOperationKind.Write, key: "\"k\"", value: "\"v\"", expirySource: ExpirySourceKind.OmittedOptional);
        Assert.NotNull(operation.ExpiryArgument);
        Assert.False(operation.ExpiryArgument!.IsExplicit());
    }

    [Fact]
    public void Redis_2x_StringSet_expiry_is_a_nullable_TimeSpan_with_keepTtl_overload()
    {
        var operation = Single("""db.StringSet("k", "v", TimeSpan.FromMinutes(5), keepTtl: false);""", RedisVersion.V2, "IDatabase db");
        Assert.Equal(ExpirySourceKind.Argument, operation.ExpirySource);
        var type = operation.ExpiryArgument!.Parameter!.Type;
        Assert.Equal(SpecialType.System_Nullable_T, type.OriginalDefinition.SpecialType);
        Assert.Equal("TimeSpan", ((INamedTypeSymbol)type).TypeArguments[0].Name);
        Assert.Null(CacheSymbols.Get(operation.Invocation.SemanticModel!.Compilation).RedisExpiration);
    }

    [Fact]
    public void Redis_3x_StringSet_legacy_When_overload_still_yields_expiry_and_condition()
    {
        // 3.x keeps the TimeSpan?/When overload: a When argument binds to it.
        var operation = Single("""db.StringSet("k", "v", TimeSpan.FromMinutes(5), When.NotExists);""", RedisVersion.V3, "IDatabase db");
        Assert.Equal(ExpirySourceKind.Argument, operation.ExpirySource);
        Assert.Equal("TimeSpan.FromMinutes(5)", operation.ExpiryArgument!.Value.Syntax.ToString());
        Assert.True(operation.IsSetIfNotExists);
    }

    [Fact]
    public void Redis_3x_StringSet_expiry_is_the_Expiration_struct_and_when_is_the_condition()
    {
        var operation = Single("""db.StringSet("k", "v", TimeSpan.FromMinutes(5), ValueCondition.NotExists);""", RedisVersion.V3, "IDatabase db");
        Assert.Equal(ExpirySourceKind.Argument, operation.ExpirySource);
        var symbols = CacheSymbols.Get(operation.Invocation.SemanticModel!.Compilation);
        Assert.NotNull(symbols.RedisExpiration);
        Assert.True(SymbolEqualityComparer.Default.Equals(symbols.RedisExpiration, operation.ExpiryArgument!.Parameter!.Type));
        Assert.Equal("TimeSpan.FromMinutes(5)", operation.ExpiryArgument.Value.Syntax.ToString());
        Assert.NotNull(operation.ConditionArgument);
        Assert.True(operation.IsSetIfNotExists);
    }

    [Fact]
    public void Redis_server_admin_calls()
    {
        var operation = Single("""server.FlushDatabase();""", parameters: "IServer server");
        Assert.Equal(CacheOperationKind.Admin, operation.Kind);
        Assert.Equal(CacheTechnology.Redis, operation.Technology);
    }

    // ------------------------------------------------------------------ HybridCache

    [Fact]
    public void HybridCache_read_through_write_invalidate()
    {
        const string p = "HybridCache cache";
        AssertOperation(Single("""await cache.GetOrCreateAsync("k", ct => ValueTask.FromResult(1));""", parameters: p),
            CacheTechnology.HybridCache, CacheOperationKind.ReadThrough, key: "\"k\"", factory: "ct => ValueTask.FromResult(1)", expirySource: ExpirySourceKind.OmittedOptional);
        AssertOperation(Single("""await cache.SetAsync("k", 1, new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1) });""", parameters: p),
            CacheTechnology.HybridCache, CacheOperationKind.Write, key: "\"k\"", value: "1", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""await cache.RemoveAsync("k");""", parameters: p),
            CacheTechnology.HybridCache, CacheOperationKind.Invalidate, key: "\"k\"");
        AssertOperation(Single("""await cache.RemoveByTagAsync("t");""", parameters: p),
            CacheTechnology.HybridCache, CacheOperationKind.Invalidate, key: "\"t\"");
    }

    // ------------------------------------------------------------------ FusionCache

    [Fact]
    public void FusionCache_instance_members()
    {
        const string p = "IFusionCache cache";
        AssertOperation(Single("""cache.Set("k", 1, new FusionCacheEntryOptions(TimeSpan.FromMinutes(1)));""", parameters: p),
            CacheTechnology.FusionCache, CacheOperationKind.Write, key: "\"k\"", value: "1", expiry: "new FusionCacheEntryOptions(TimeSpan.FromMinutes(1))", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""await cache.GetOrSetAsync<int>("k", (ctx, ct) => Task.FromResult(1));""", parameters: p),
            CacheTechnology.FusionCache, CacheOperationKind.ReadThrough, key: "\"k\"", factory: "(ctx, ct) => Task.FromResult(1)", expirySource: ExpirySourceKind.OmittedOptional);
        AssertOperation(Single("""cache.TryGet<int>("k");""", parameters: p),
            CacheTechnology.FusionCache, CacheOperationKind.Read, key: "\"k\"");
        AssertOperation(Single("""cache.Remove("k");""", parameters: p),
            CacheTechnology.FusionCache, CacheOperationKind.Invalidate, key: "\"k\"");
    }

    [Fact]
    public void FusionCache_extension_Set_with_TimeSpan_duration()
    {
        var operation = Single("""cache.Set("k", 1, TimeSpan.FromMinutes(5));""", parameters: "IFusionCache cache");
        Assert.Equal("FusionCacheExtMethods", operation.Method.ContainingType.Name);
        AssertOperation(operation, CacheTechnology.FusionCache, CacheOperationKind.Write,
            key: "\"k\"", value: "1", expiry: "TimeSpan.FromMinutes(5)", expirySource: ExpirySourceKind.Argument);
    }

    [Fact]
    public void FusionCache_extension_SetAsync_with_duration_and_tags()
    {
        var operation = Single("""await cache.SetAsync("k", 1, TimeSpan.FromMinutes(5), new[] { "t" });""", parameters: "IFusionCache cache");
        Assert.Equal("FusionCacheExtMethods", operation.Method.ContainingType.Name);
        AssertOperation(operation, CacheTechnology.FusionCache, CacheOperationKind.Write,
            key: "\"k\"", value: "1", expiry: "TimeSpan.FromMinutes(5)", expirySource: ExpirySourceKind.Argument);
        Assert.Equal("new[] { \"t\" }", operation.TagsArgument?.Value.Syntax.ToString());
    }

    [Fact]
    public void FusionCache_extension_GetOrSet_with_cancellation_token_factory_and_duration()
    {
        var operation = Single("""cache.GetOrSet<int>("k", ct => 1, TimeSpan.FromMinutes(5));""", parameters: "IFusionCache cache");
        Assert.Equal("FusionCacheExtMethods", operation.Method.ContainingType.Name);
        AssertOperation(operation, CacheTechnology.FusionCache, CacheOperationKind.ReadThrough,
            key: "\"k\"", factory: "ct => 1", expiry: "TimeSpan.FromMinutes(5)", expirySource: ExpirySourceKind.Argument);
    }

    [Fact]
    public void FusionCache_extension_GetOrSetAsync_with_cancellation_token_factory_and_duration()
    {
        var operation = Single("""await cache.GetOrSetAsync<int>("k", ct => Task.FromResult(1), TimeSpan.FromMinutes(5));""", parameters: "IFusionCache cache");
        Assert.Equal("FusionCacheExtMethods", operation.Method.ContainingType.Name);
        AssertOperation(operation, CacheTechnology.FusionCache, CacheOperationKind.ReadThrough,
            key: "\"k\"", factory: "ct => Task.FromResult(1)", expiry: "TimeSpan.FromMinutes(5)", expirySource: ExpirySourceKind.Argument);
    }

    [Fact]
    public void FusionCache_extension_GetOrSet_with_setup_action()
    {
        var operation = Single("""cache.GetOrSet<int>("k", ct => 1, options => options.SetDuration(TimeSpan.FromMinutes(5)));""", parameters: "IFusionCache cache");
        Assert.Equal("FusionCacheExtMethods", operation.Method.ContainingType.Name);
        AssertOperation(operation, CacheTechnology.FusionCache, CacheOperationKind.ReadThrough,
            key: "\"k\"", factory: "ct => 1", expiry: "options => options.SetDuration(TimeSpan.FromMinutes(5))", expirySource: ExpirySourceKind.Argument);
    }

    [Fact]
    public void FusionCache_extension_reads_and_invalidations()
    {
        const string p = "IFusionCache cache";
        var tryGet = Single("""cache.TryGet<int>("k", options => options.SetDuration(TimeSpan.FromMinutes(1)));""", parameters: p);
        Assert.Equal("FusionCacheExtMethods", tryGet.Method.ContainingType.Name);
        AssertOperation(tryGet, CacheTechnology.FusionCache, CacheOperationKind.Read, key: "\"k\"", expirySource: ExpirySourceKind.NotApplicable);

        var remove = Single("""cache.Remove("k", options => options.SetDuration(TimeSpan.FromMinutes(1)));""", parameters: p);
        Assert.Equal("FusionCacheExtMethods", remove.Method.ContainingType.Name);
        AssertOperation(remove, CacheTechnology.FusionCache, CacheOperationKind.Invalidate, key: "\"k\"");
    }

    [Fact]
    public void FusionCache_extension_type_is_resolved_once_in_CacheSymbols()
    {
        var compilation = CSharpCompilation.Create("Probe", references: TestReferences.All());
        Assert.Equal("ZiggyCreatures.Caching.Fusion.FusionCacheExtMethods", CacheSymbols.Get(compilation).FusionCacheExtMethods?.ToDisplayString());
    }

    // ------------------------------------------------------------------ Memcached, System.Runtime.Caching, OutputCache

    [Fact]
    public void Memcached_write_read_read_through_invalidate()
    {
        const string p = "IMemcachedClient client";
        AssertOperation(Single("""client.Set("k", 1, TimeSpan.FromMinutes(5));""", parameters: p),
            CacheTechnology.Memcached, CacheOperationKind.Write, key: "\"k\"", value: "1", expiry: "TimeSpan.FromMinutes(5)", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""client.Get<int>("k");""", parameters: p),
            CacheTechnology.Memcached, CacheOperationKind.Read, key: "\"k\"");
        AssertOperation(Single("""await client.GetValueOrCreateAsync("k", 60, () => Task.FromResult(1));""", parameters: p),
            CacheTechnology.Memcached, CacheOperationKind.ReadThrough, key: "\"k\"", factory: "() => Task.FromResult(1)", expiry: "60", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""client.Remove("k");""", parameters: p),
            CacheTechnology.Memcached, CacheOperationKind.Invalidate, key: "\"k\"");
    }

    [Fact]
    public void RuntimeCaching_write_read_invalidate()
    {
        const string p = "ObjectCache cache";
        AssertOperation(Single("""cache.Set("k", 1, DateTimeOffset.UtcNow.AddMinutes(5));""", parameters: p),
            CacheTechnology.RuntimeCaching, CacheOperationKind.Write, key: "\"k\"", value: "1", expiry: "DateTimeOffset.UtcNow.AddMinutes(5)", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""cache.Get("k");""", parameters: p),
            CacheTechnology.RuntimeCaching, CacheOperationKind.Read, key: "\"k\"");
        AssertOperation(Single("""cache.Remove("k");""", parameters: p),
            CacheTechnology.RuntimeCaching, CacheOperationKind.Invalidate, key: "\"k\"");
    }

    [Fact]
    public void OutputCacheStore_write_read_invalidate()
    {
        const string p = "Microsoft.AspNetCore.OutputCaching.IOutputCacheStore store";
        AssertOperation(Single("""await store.SetAsync("k", new byte[0], new[] { "t" }, TimeSpan.FromMinutes(1), default);""", parameters: p),
            CacheTechnology.OutputCache, CacheOperationKind.Write, key: "\"k\"", value: "new byte[0]", expiry: "TimeSpan.FromMinutes(1)", expirySource: ExpirySourceKind.Argument);
        AssertOperation(Single("""await store.GetAsync("k", default);""", parameters: p),
            CacheTechnology.OutputCache, CacheOperationKind.Read, key: "\"k\"");
        AssertOperation(Single("""await store.EvictByTagAsync("t", default);""", parameters: p),
            CacheTechnology.OutputCache, CacheOperationKind.Invalidate, key: "\"t\"");
    }

    [Fact]
    public void Unrelated_calls_are_not_cache_operations()
    {
        var all = RecognizeAll("""var d = new Dictionary<string, int>(); d.Add("k", 1); d.Remove("k"); Console.WriteLine("x");""");
        Assert.All(all, r => Assert.Null(r.Operation));
    }
}
