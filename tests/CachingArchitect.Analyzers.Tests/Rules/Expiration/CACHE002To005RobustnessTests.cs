using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

/// <summary>CACHE002–CACHE005 on half-typed and erroneous code: no analyzer exception (AD0001), whatever they report.</summary>
public class CACHE002To005RobustnessTests
{
    [Theory]
    [InlineData("void M(IDatabase db) { db.StringSet(; }")]
    [InlineData("void M(IDatabase db) { db.StringSet($\"a\", ); db.KeyExpire( }")]
    [InlineData("void M(IDatabase db) { db.StringSet(undefinedKey, \"v\"); db.KeyExpire(undefinedKey, TimeSpan.FromMinutes(1)); }")]
    [InlineData("void M(IDatabase db) { db.HashSet(k, \"f\", \"v\"); }")]
    [InlineData("void M(IDatabase db) { db.StringSet(\"a\", \"v\", expiry: Undefined.Value, keepTtl: flag); }")]
    [InlineData("async Task M(IDistributedCache c) { await c.SetStringAsync(\"a\", ); await c.SetStringAsync(\"b\", \"v\", new DistributedCacheEntryOptions { Unknown = 1 }); }")]
    [InlineData("void M(IDistributedCache c) { var o = new DistributedCacheEntryOptions(; c.Set(\"a\", null, o); }")]
    [InlineData("void M(IMemoryCache c) { c.Set(\"a\", 1, new MemoryCacheEntryOptions { SlidingExpiration = }); c.GetOrCreate(\"b\", e => { e.SlidingExpiration = x; return 1; }); }")]
    [InlineData("void M(IMemoryCache c) { using var e = c.CreateEntry(); e.SlidingExpiration = TimeSpan.FromMinutes(1) }")]
    [InlineData("void M(IMemcachedClient m) { m.Set(\"a\", 1, ); m.Store(StoreMode.Set, \"b\"); m.Cas(StoreMode.Set, \"c\", 1, 0, ); }")]
    [InlineData("void M(IMemcachedClient m) { m.Set(\"a\", 1, TimeSpan.FromSeconds(int.MaxValue * 10.0)); m.Set(\"b\", 1, -1); }")]
    public async Task No_analyzer_exception_on_broken_code(string member)
    {
        var source = TestSources.GlobalUsings + "\nclass C { bool flag; " + member + " }";
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview));
        var compilation = CSharpCompilation.Create(
            "Broken",
            new[] { tree },
            TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new SlidingWithoutAbsoluteCapAnalyzer(),
            new DistributedWriteWithoutExpirationAnalyzer(),
            new RedisKeyWithoutTtlAnalyzer(),
            new MemcachedItemWithoutExpirationAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        var exceptions = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).ToArray();
        Assert.Empty(exceptions);
    }
}
