using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Analyzers.Tests.Model;

/// <summary>
/// The shared per-compilation caches that keep the rules fast (docs/performance.md): cache-API roles per type, the recognizer's
/// answer per invocation, and the per-tree word filter. A cache must give exactly the answer the uncached computation gives.
/// </summary>
public class SharedModelCacheTests
{
    private const string Source = """
        namespace App;

        public sealed class MyCache : IMemoryCache
        {
            public ICacheEntry CreateEntry(object key) => throw new NotImplementedException();
            public void Dispose() { }
            public void Remove(object key) { }
            public bool TryGetValue(object key, out object? value) { value = null; return false; }
        }

        public class Service
        {
            public void Run(IDatabase db, ITransaction transaction, IMemoryCache memory, List<int> list)
            {
                db.StringSet("k", "v");
                _ = transaction.StringGetAsync("k");
                memory.Set("k", 1);
                _ = list.Where(x => x > 0).ToList();
                list.Add(1);
            }
        }
        """;

    [Fact]
    public void Roles_are_computed_per_type_definition_and_match_the_interface_walk()
    {
        var compilation = ModelProbe.Compile(Source).Compilation;
        var symbols = CacheSymbols.Get(compilation);

        Assert.Equal(CacheTypeRoles.RedisDatabaseAsync, symbols.GetRoles(symbols.RedisDatabase) & CacheTypeRoles.RedisDatabaseAsync);
        Assert.True(symbols.Has(compilation.GetTypeByMetadataName("StackExchange.Redis.ITransaction"), CacheTypeRoles.RedisBatch));
        Assert.True(symbols.Has(compilation.GetTypeByMetadataName("StackExchange.Redis.ITransaction"), CacheTypeRoles.RedisDatabaseAsync));
        Assert.True(symbols.Has(compilation.GetTypeByMetadataName("App.MyCache"), CacheTypeRoles.MemoryCache));
        Assert.True(symbols.Has(symbols.MemoryCacheExtensions, CacheTypeRoles.MemoryCacheExtensions));
        Assert.Equal(CacheTypeRoles.None, symbols.GetRoles(compilation.GetSpecialType(SpecialType.System_String)));

        // A constructed generic type answers like its definition, and asking twice gives the cached answer.
        var listOfInt = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")!.Construct(compilation.GetSpecialType(SpecialType.System_Int32));
        Assert.Equal(CacheTypeRoles.None, symbols.GetRoles(listOfInt));
        Assert.Equal(symbols.GetRoles(symbols.RedisDatabase), symbols.GetRoles(symbols.RedisDatabase));
        Assert.Equal(CacheTypeRoles.None, symbols.GetRoles(null));
    }

    [Fact]
    public void The_recognizer_answers_once_per_invocation_and_shares_the_answer()
    {
        var probe = ModelProbe.Compile(Source);
        var symbols = CacheSymbols.Get(probe.Compilation);

        var set = probe.Call("StringSet");
        var first = CacheOperationRecognizer.Recognize(set, symbols);
        Assert.NotNull(first);
        Assert.Equal(CacheOperationKind.Write, first!.Kind);
        Assert.Same(first, CacheOperationRecognizer.Recognize(set, symbols));

        Assert.Equal(CacheOperationKind.Read, CacheOperationRecognizer.Recognize(probe.Call("StringGetAsync"), symbols)?.Kind);
        Assert.Equal(CacheOperationKind.Write, CacheOperationRecognizer.Recognize(probe.Call("Set"), symbols)?.Kind);

        // Calls on unrelated types are answered by the name filter or the type's roles, twice the same ('Add' passes the name filter).
        foreach (var linq in probe.Operations<Microsoft.CodeAnalysis.Operations.IInvocationOperation>().Where(i => i.TargetMethod.Name is "Where" or "ToList" or "Add"))
        {
            Assert.Null(CacheOperationRecognizer.Recognize(linq, symbols));
            Assert.Null(CacheOperationRecognizer.Recognize(linq, symbols));
        }
    }

    /// <summary>
    /// The recognizer's name pre-filter must admit every method name its branches recognize: the names in the <c>name switch</c>
    /// arms and <c>name is …</c> tests of CacheOperationRecognizer.cs (the Redis name sets are added to the filter by construction).
    /// </summary>
    [Fact]
    public void The_recognizer_name_filter_admits_every_name_its_branches_recognize()
    {
        var source = System.IO.File.ReadAllText(System.IO.Path.Combine(Catalog.RepositoryRoot, "src", "CachingArchitect.Analyzers", "Model", "CacheOperationRecognizer.cs"));
        var start = source.IndexOf("public static CacheOperation? Recognize(", System.StringComparison.Ordinal);
        Assert.True(start > 0);
        var names = System.Text.RegularExpressions.Regex.Matches(source.Substring(start), @"(?:\bis\s+|\bor\s+|^\s*)""([A-Z]\w+)""(?=\s*(?:=>|or\b|\)|$))", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();

        Assert.Contains("CreateEntry", names);
        Assert.Contains("EvictByTag", names);
        Assert.Contains("GetValueOrCreate", names);
        Assert.True(names.Count > 40, $"only {names.Count} names found: the pattern no longer matches the recognizer's switches");
        foreach (var name in names)
        {
            Assert.True(CacheOperationRecognizer.IsOperationName(name), $"'{name}' is recognized by a branch but the name filter rejects it");
            Assert.True(CacheOperationRecognizer.IsOperationName(name + "Async"), $"'{name}Async' is rejected by the name filter");
        }

        Assert.False(CacheOperationRecognizer.IsOperationName("Where"));
        Assert.False(CacheOperationRecognizer.IsOperationName("ToList"));
    }

    [Fact]
    public void TreeText_answers_known_and_other_words_from_the_text()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { void M() { app.MapGet(\"/\", () => 1); var SlidingExpiration = 1; } }");
        var none = CancellationToken.None;

        Assert.True(TreeText.Mentions(tree, "Map", none));
        Assert.True(TreeText.Mentions(tree, "Expiration", none));
        Assert.False(TreeText.Mentions(tree, "Duration", none));
        Assert.False(TreeText.Mentions(tree, "FailSafe", none));
        Assert.True(TreeText.MentionsAny(tree, none, "Duration", "Expiration"));

        // Words outside the known list are scanned on their own, and cached too.
        Assert.True(TreeText.Mentions(tree, "SlidingExpiration", none));
        Assert.False(TreeText.Mentions(tree, "Zebra", none));
        Assert.False(TreeText.Mentions(tree, "Zebra", none));
    }

    [Fact]
    public void Block_facts_see_cache_calls_in_nested_functions_and_inherited_interface_members()
    {
        var probe = ModelProbe.Compile("""
            namespace App;

            public class Service
            {
                public void Cached(IDatabase db, List<int> list)
                {
                    list.ForEach(x => Local(x));
                    void Local(int x) => db.StringSet("k" + x, "v", TimeSpan.FromMinutes(5));
                }

                public void Plain(List<int> list)
                {
                    list.Add(1);
                    _ = list.Where(x => x > 0).ToList();
                }

                public void Ping(IDatabase db) => db.Ping();

                public int Field = 42;

                public byte[]? Inherited(MyCache cache) => cache.Get("k");
            }

            public class BaseCache
            {
                public byte[]? Get(string key) => null;
            }

            public sealed class MyCache : BaseCache, IDistributedCache
            {
                public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult<byte[]?>(null);
                public void Set(string key, byte[] value, DistributedCacheEntryOptions options) { }
                public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => Task.CompletedTask;
                public void Refresh(string key) { }
                public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;
                public void Remove(string key) { }
                public Task RemoveAsync(string key, CancellationToken token = default) => Task.CompletedTask;
            }
            """);
        var symbols = CacheSymbols.Get(probe.Compilation);

        var cached = BlockFacts.Get(Body(probe, "Cached"), symbols, CancellationToken.None);
        Assert.True(cached.HasCacheOperation);
        Assert.NotEqual(CacheTypeRoles.None, cached.CacheApiRoles & CacheTypeRoles.RedisDatabaseAsync);

        // Asked again (the next rule on this declaration): the same answer.
        Assert.Same(cached, BlockFacts.Get(Body(probe, "Cached"), symbols, CancellationToken.None));

        var plain = BlockFacts.Get(Body(probe, "Plain"), symbols, CancellationToken.None);
        Assert.False(plain.HasCacheOperation);
        Assert.Equal(CacheTypeRoles.None, plain.CacheApiRoles);

        // IRedis.Ping is declared on an interface without roles; the IDatabase receiver gives the block its Redis role.
        var ping = BlockFacts.Get(Body(probe, "Ping"), symbols, CancellationToken.None);
        Assert.NotEqual(CacheTypeRoles.None, ping.CacheApiRoles & CacheTypeRoles.RedisDatabaseAsync);

        // A base-class method implementing IDistributedCache.Get on the derived receiver: the receiver's role counts.
        var inherited = BlockFacts.Get(Body(probe, "Inherited"), symbols, CancellationToken.None);
        Assert.NotEqual(CacheTypeRoles.None, inherited.CacheApiRoles & CacheTypeRoles.DistributedCache);

        // The thread's last answer belongs to its block only: the cached body asked after another gives its own facts again.
        Assert.True(BlockFacts.Get(Body(probe, "Cached"), symbols, CancellationToken.None).HasCacheOperation);
        Assert.False(BlockFacts.Get(default, symbols, CancellationToken.None).HasCacheOperation);
        Assert.False(BlockFacts.Get(ImmutableArray<IOperation>.Empty, symbols, CancellationToken.None).HasCacheOperation);
    }

    private static ImmutableArray<IOperation> Body(ModelProbe probe, string method)
    {
        var declaration = probe.Tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
            .Single(m => m.Identifier.Text == method);
        return ImmutableArray.Create(probe.Model.GetOperation(declaration)!);
    }
}
