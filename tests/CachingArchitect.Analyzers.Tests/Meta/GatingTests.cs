using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace CachingArchitect.Analyzers.Tests.Meta;

/// <summary>
/// A project that references no caching library must cost almost nothing: every analyzer may register its
/// compilation-start action and nothing else. Telemetry counts what each analyzer actually registered.
/// </summary>
public class GatingTests
{
    private const string OrdinaryCode = """
        using System.Collections.Generic;
        namespace App;
        public class Orders
        {
            private static readonly Dictionary<int, string> Names = new();
            public string Name(int id) => Names.TryGetValue(id, out var n) ? n : "";
        }
        """;

    [Fact]
    public async Task Without_a_caching_library_no_analyzer_registers_any_action_beyond_compilation_start()
    {
        var telemetry = await RunAsync(TestReferences.BclOnly);
        foreach (var (analyzer, info) in telemetry)
        {
            Assert.True(info.CompilationStartActionsCount == 1, $"{analyzer}: {info.CompilationStartActionsCount} compilation-start actions");
            var registered = info.OperationActionsCount + info.OperationBlockActionsCount + info.OperationBlockStartActionsCount +
                             info.SyntaxNodeActionsCount + info.SyntaxTreeActionsCount + info.SymbolActionsCount + info.SymbolStartActionsCount +
                             info.SemanticModelActionsCount + info.CodeBlockActionsCount + info.CodeBlockStartActionsCount +
                             info.CompilationEndActionsCount + info.CompilationActionsCount + info.AdditionalFileActionsCount;
            Assert.True(registered == 0, $"{analyzer} registered {registered} action(s) in a project without caching libraries");
        }
    }

    /// <summary>
    /// Analyzers gated on a library member that no released package has yet: they must register nothing against the
    /// released references (CACHE075: <c>ConfigurationOptions.ClientCache</c> is absent up to StackExchange.Redis 3.4.35).
    /// </summary>
    private static readonly string[] DormantOnReleasedPackages =
    {
        nameof(CachingArchitect.Analyzers.Rules.Configuration.UnboundedRedisClientCacheAnalyzer),
    };

    private static readonly string[] InventoryAnalyzers = Catalog.Analyzers
        .Where(a => a.SupportedDiagnostics.All(d => d.Category == RuleCategories.Inventory))
        .Select(a => a.GetType().Name)
        .ToArray();

    [Fact]
    public async Task With_caching_libraries_every_analyzer_registers_its_actions()
    {
        var telemetry = await RunAsync(TestReferences.All());
        foreach (var (analyzer, info) in telemetry)
        {
            var registered = info.OperationActionsCount + info.SyntaxNodeActionsCount + info.SymbolActionsCount + info.CompilationEndActionsCount +
                             info.OperationBlockStartActionsCount + info.OperationBlockActionsCount + info.SymbolStartActionsCount;
            if (InventoryAnalyzers.Contains(analyzer))
            {
                // Report facts (CACHE900–909) run only with build_property.CachingArchitectInventory = true (Rules/Inventory tests).
                Assert.True(registered == 0, $"{analyzer} is an inventory analyzer and must register nothing without CachingArchitectInventory, but registered {registered}");
                continue;
            }

            if (DormantOnReleasedPackages.Contains(analyzer))
            {
                Assert.True(registered == 0, $"{analyzer} should stay dormant on released packages but registered {registered} action(s)");
                continue;
            }

            Assert.True(registered > 0, $"{analyzer} registered nothing although caching libraries are referenced");
        }
    }

    private static async Task<ImmutableArray<(string Analyzer, AnalyzerTelemetryInfo Info)>> RunAsync(ImmutableArray<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create(
            "Gating",
            new[] { CSharpSyntaxTree.ParseText(OrdinaryCode) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withAnalyzers = compilation.WithAnalyzers(
            Catalog.Analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        var builder = ImmutableArray.CreateBuilder<(string, AnalyzerTelemetryInfo)>();
        foreach (var analyzer in Catalog.Analyzers)
        {
            builder.Add((analyzer.GetType().Name, await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)));
        }

        Assert.NotEmpty(builder);
        return builder.ToImmutable();
    }
}
