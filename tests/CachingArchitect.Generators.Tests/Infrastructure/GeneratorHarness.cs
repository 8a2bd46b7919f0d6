using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Generators.Tests.Infrastructure;

/// <summary>The result of one generator run: the generated sources, the compilation with them, and every diagnostic.</summary>
public sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The generated files, by hint name, in hint-name order.</summary>
    public ImmutableArray<(string HintName, string Source)> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>All generated sources, concatenated with a header per file (for snapshots).</summary>
    public string AllSources => string.Join("\n", Sources.Select(s => "//----- " + s.HintName + "\n" + s.Source));

    /// <summary>Compiler diagnostics of the output compilation (warnings and errors; hidden/info left out).</summary>
    public ImmutableArray<Diagnostic> CompilerDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}

/// <summary>Builds test compilations (net10.0 references + the runtime library) and runs the generator over them.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(CachingArchitect.CacheKey).Assembly.Location))
            .ToImmutableArray());

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>A library compilation with nullable enabled and warnings as errors.</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        Compile(References, ParseOptions, sources);

    public static CSharpCompilation Compile(ImmutableArray<MetadataReference> references, CSharpParseOptions parseOptions, params string[] sources) =>
        CSharpCompilation.Create(
            "SchemaTests" + Guid.NewGuid().ToString("N")[..8],
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                allowUnsafe: true,
                deterministic: true));

    public static GeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new CacheKeyGenerator().AsSourceGenerator() },
            parseOptions: parseOptions ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CreateDriver((CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(compilation, output, driver, driver.GetRunResult(), diagnostics);
    }

    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator, asserts no diagnostics at all (warnings are errors), and loads the emitted assembly.</summary>
    public static Assembly CompileAndLoad(params string[] sources)
    {
        var run = Run(sources);
        AssertClean(run);
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        // The default context: the emitted assembly binds to the CachingArchitect runtime library this test project loaded.
        return AssemblyLoadContext.Default.LoadFromStream(stream);
    }

    public static void AssertClean(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
        var diagnostics = run.Output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();
        Assert.True(diagnostics.Count == 0, "Diagnostics:\n" + string.Join("\n", diagnostics) + "\n\nGenerated:\n" + run.AllSources);
    }
}
