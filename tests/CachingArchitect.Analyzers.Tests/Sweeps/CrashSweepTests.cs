using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Never crash (AD0001): every analyzer runs over every test source of the rule and model tests, whole and
/// truncated at many points (as if being typed), and over recursive and deeply nested code; every code fix
/// runs on every diagnostic of the whole sources. Any analyzer or fix exception fails the test.
/// </summary>
public class CrashSweepTests
{
    private const int TruncationsPerSource = 4;

    private static readonly Regex Markup = new(@"\{\|[^:|]*:|\|\}|\[\||\|\]", RegexOptions.Compiled);

    /// <summary>Every raw string literal in the rule and model test files, with markup removed.</summary>
    public static ImmutableArray<string> CorpusSources { get; } = LoadCorpus();

    [Fact]
    public void Corpus_is_not_empty() => Assert.True(CorpusSources.Length >= 20, $"only {CorpusSources.Length} sources found");

    [Fact]
    public async Task Analyzers_survive_every_source_truncated_while_typing()
    {
        var failures = new ConcurrentBag<string>();
        var inputs = CorpusSources.SelectMany(Truncations).Distinct().ToList();
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (source, ct) =>
        {
            foreach (var failure in await RunAnalyzersAsync(source, ct))
            {
                failures.Add(failure);
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} analyzer failure(s) over {inputs.Count} inputs:\n" + string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>
    /// The sweep in build-report mode, where the Inventory analyzers (CACHE900–909) and the fix proposals run: every source whole and
    /// cut in half (a command-line build of broken code), not every truncation, to keep the sweep's time in bounds.
    /// </summary>
    [Fact]
    public async Task Analyzers_survive_every_source_whole_and_halved_in_inventory_mode()
    {
        var failures = new ConcurrentBag<string>();
        var inputs = CorpusSources.Concat(CorpusSources.Select(s => s.Substring(0, s.Length / 2))).Distinct().ToList();
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (source, ct) =>
        {
            foreach (var failure in (await AnalyzeAsync(source, ct, inventory: true)).Failures)
            {
                failures.Add(failure);
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} analyzer failure(s) over {inputs.Count} inputs:\n" + string.Join("\n\n", failures.Take(5)));
    }

    [Fact]
    public async Task Analyzers_survive_recursive_and_deeply_nested_code()
    {
        var failures = new List<string>();
        foreach (var source in PathologicalSources())
        {
            failures.AddRange(await RunAnalyzersAsync(source, CancellationToken.None));
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }

    [Fact]
    public async Task Code_fixes_survive_every_diagnostic_of_every_source()
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(CorpusSources, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (source, ct) =>
        {
            foreach (var failure in await RunFixesAsync(source, ct))
            {
                failures.Add(failure);
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} fix failure(s):\n" + string.Join("\n\n", failures.Take(5)));
    }

    internal static async Task<(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, List<string> Failures)> AnalyzeAsync(string source, CancellationToken ct, bool inventory = false, IEnumerable<MetadataReference>? extraReferences = null)
    {
        var failures = new List<string>();
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/0/Test0.cs", cancellationToken: ct),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, new CSharpParseOptions(LanguageVersion.Preview), path: "/0/GlobalUsings.cs", cancellationToken: ct),
        };
        var compilation = CSharpCompilation.Create(
            "Sweep",
            trees,
            extraReferences is null ? TestReferences.All() : TestReferences.All().AddRange(extraReferences),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new CompilationWithAnalyzersOptions(
            inventory ? Rules.Inventory.InventoryTestSupport.InventoryOn() : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) =>
            {
                lock (failures)
                {
                    failures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}\n--- source ---\n{source}");
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(Catalog.Analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(ct);
        foreach (var d in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add(d.ToString() + "\n--- source ---\n" + source);
        }

        return (compilation, diagnostics, failures);
    }

    private static async Task<List<string>> RunAnalyzersAsync(string source, CancellationToken ct) =>
        (await AnalyzeAsync(source, ct)).Failures;

    private static async Task<List<string>> RunFixesAsync(string source, CancellationToken ct)
    {
        var (_, diagnostics, failures) = await AnalyzeAsync(source, ct);
        if (diagnostics.IsEmpty)
        {
            return failures;
        }

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Sweep", "Sweep", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            metadataReferences: TestReferences.All()));
        var document = project.AddDocument("Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
        document = document.Project.AddDocument("GlobalUsings.cs", SourceText.From(TestSources.GlobalUsings), filePath: "/0/GlobalUsings.cs").Project.GetDocument(document.Id)!;

        foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == "/0/Test0.cs"))
        {
            foreach (var fix in Catalog.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                try
                {
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), ct);
                    await fix.RegisterCodeFixesAsync(context);
                    foreach (var action in actions)
                    {
                        var operations = await action.GetOperationsAsync(ct);
                        foreach (var operation in operations.OfType<ApplyChangesOperation>())
                        {
                            var changed = operation.ChangedSolution.GetDocument(document.Id);
                            if (changed is not null)
                            {
                                _ = await changed.GetSyntaxRootAsync(ct);
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Add($"{fix.GetType().Name} threw on {diagnostic}: {ex}\n--- source ---\n{source}");
                }
            }
        }

        return failures;
    }

    private static IEnumerable<string> Truncations(string source)
    {
        yield return source;
        for (var i = 1; i <= TruncationsPerSource; i++)
        {
            var cut = source.Length * i / (TruncationsPerSource + 1);
            yield return source.Substring(0, cut);

            // Also a "mid-edit" variant: the tail kept, a chunk deleted (unbalanced braces/parentheses).
            var chunk = Math.Min(7, source.Length - cut);
            yield return source.Substring(0, cut) + source.Substring(cut + chunk);
        }
    }

    private static ImmutableArray<string> LoadCorpus()
    {
        var files = Directory.GetFiles(Catalog.RepoPath("tests", "CachingArchitect.Analyzers.Tests", "Rules"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Catalog.RepoPath("tests", "CachingArchitect.Analyzers.Tests", "Model"), "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Catalog.RepoPath("tests", "CachingArchitect.Analyzers.Tests", "Sweeps"), "*.cs", SearchOption.AllDirectories).Where(f => !f.EndsWith("CrashSweepTests.cs", StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal);
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
            foreach (var literal in tree.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || t.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)))
            {
                var text = literal.ValueText;
                if (text.Contains("class ", StringComparison.Ordinal) || text.Contains("namespace ", StringComparison.Ordinal) || text.Contains(';', StringComparison.Ordinal))
                {
                    result.Add(Markup.Replace(text, string.Empty));
                }
            }
        }

        return result.ToImmutableArray();
    }

    private static IEnumerable<string> PathologicalSources()
    {
        // A very long key concatenation and interpolation.
        var concat = new StringBuilder("class Deep { void M(IMemoryCache cache, IDatabase db, int id) { var key = \"a\"");
        for (var i = 0; i < 1500; i++)
        {
            concat.Append(" + \"p").Append(i).Append(":\" + id");
        }

        concat.Append("; cache.Set(key, 1); db.StringSet(key, 1); } }");
        yield return concat.ToString();

        var nested = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            nested.Append("$\"k{");
        }

        nested.Append("1");
        for (var i = 0; i < 8; i++)
        {
            nested.Append("}\"");
        }

        yield return "class Nested { void M(IMemoryCache cache) => cache.Set(" + nested + ", 1); }";

        // Cycles through locals and fields the tracers follow.
        yield return """
            class Cycles
            {
                static readonly TimeSpan A = B;
                static readonly TimeSpan B = A;
                static readonly MemoryCacheEntryOptions O1 = O2;
                static readonly MemoryCacheEntryOptions O2 = O1;
                void M(IMemoryCache cache, IDatabase db)
                {
                    var o = o;
                    var k = k + "x";
                    cache.Set(k, 1, o);
                    cache.Set("x", 1, O1);
                    db.StringSet(k, 1, A);
                    cache.GetOrCreate(k, e => cache.GetOrCreate(k, e2 => cache.GetOrCreate(k, e3 => 1)));
                    int R(int n) => n == 0 ? 0 : R(n - 1);
                    cache.Set("r" + R(3), R(2), TimeSpan.FromSeconds(R(1)));
                }
            }
            """;

        // Nested lambdas (generic inference over nested lambdas is exponential in the compiler itself, so stay modest).
        var lambdas = new StringBuilder("class Lambdas { void M(IMemoryCache cache) { Func<int> f = ");
        for (var i = 0; i < 6; i++)
        {
            lambdas.Append("() => cache.GetOrCreate(\"k").Append(i).Append("\", e => ");
        }

        lambdas.Append('1');
        for (var i = 0; i < 6; i++)
        {
            lambdas.Append(") + 0");
        }

        lambdas.Append("; } }");
        yield return lambdas.ToString();

        // Garbage and half-typed members.
        // Deeply nested blocks and conditionals around a write.
        var blocks = new StringBuilder("class Blocks { void M(IMemoryCache cache, int id) { ");
        for (var i = 0; i < 300; i++)
        {
            blocks.Append("if (id > ").Append(i).Append(") { ");
        }

        blocks.Append("cache.Set($\"k:{id}\", 1);");
        blocks.Append(new string('}', 300)).Append(" } }");
        yield return blocks.ToString();

        yield return "class G { void M(IMemoryCache cache) { cache.Set( } }";
        yield return "class G { void M(IDatabase db) { db.StringSet(\"k\", , when: ); db. } }";
        yield return "class G { void M(IDistributedCache c) => c.SetString($\"{\", ;";
        yield return "class G : IMemoryCache { }";
        yield return "using static Microsoft.Extensions.Caching.Memory.CacheExtensions; class G { void M(IMemoryCache c) => Set(c, \"k\", 1); }";
    }
}
