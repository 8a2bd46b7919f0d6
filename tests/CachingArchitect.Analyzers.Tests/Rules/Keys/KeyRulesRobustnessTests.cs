using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Keys;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Tests.Rules.Keys;

/// <summary>The key rules never throw (AD0001) on half-typed, erroneous or self-referential code.</summary>
public class KeyRulesRobustnessTests
{
    [Theory]
    [InlineData("cache.Set($\"user:{missing}:{Foo(}\", 1);")]
    [InlineData("cache.Set(, 1);")]
    [InlineData("cache.Set(\"a\" + + id, 1);")]
    [InlineData("string a = \"x\", b; b = a + b; a = b + a; cache.Set(a + b, 1); db.KeyDelete(a + \"*\");")]
    [InlineData("var sb = new System.Text.StringBuilder(); sb.Append(sb.ToString()); cache.Set(sb.ToString(), 1);")]
    [InlineData("db.StringSet(new RedisKey[] { \"a\", , $\"b{id}\" }, 1);")]
    [InlineData("cache.Set(string.Format(\"{0}{1}{\", id), 1); cache.Set(string.Format(fmt, id), 1);")]
    [InlineData("cache.Set($\"k:{DateTime.UtcNow.Ticks / 0}:{DateTime.UtcNow:\", 1);")]
    [InlineData("RedisKey k = default; db.KeyDelete(k.Append(k.Prepend(k)));")]
    [InlineData("cache.Set(string.Concat(), 1); cache.Set(string.Join(sep), 1);")]
    public async Task No_analyzer_exceptions(string statements)
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            [ApiController]
            public class C : ControllerBase
            {
                private const string Loop = Loop + "x";
                private static readonly string A = B, B = A;
                public void M(IMemoryCache cache, IDatabase db, int id, string fmt, string sep, string q)
                {
                    cache.Set(A + Loop + q, 1);
            """ + statements + """
                }
            }
            """;
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, new CSharpParseOptions(LanguageVersion.Preview)),
        };
        var compilation = CSharpCompilation.Create("Robust", trees, TestReferences.All(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new VolatileKeyAnalyzer(), new ExternalInputKeyAnalyzer(), new AmbiguousKeyCompositionAnalyzer(),
            new KeyWithoutNamespaceAnalyzer(), new KeyRejectedByBackendAnalyzer(), new GlobPatternOnExactKeyApiAnalyzer());
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        var crashes = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).ToArray();
        Assert.True(crashes.Length == 0, string.Join("\n", crashes));
    }
}
