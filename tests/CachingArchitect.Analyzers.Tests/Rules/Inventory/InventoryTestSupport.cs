using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Tests.Rules.Inventory;

/// <summary>
/// Runs analyzers over a snippet with <c>build_property.CachingArchitectInventory</c> in the global analyzer options (as the
/// <c>CompilerVisibleProperty</c> of a real build puts it), returns the diagnostics with their properties, and applies code fixes
/// through a workspace so fix proposals can be compared with the real fix output.
/// </summary>
internal static class InventoryTestSupport
{
    public const string GlobalConfigOn = "is_global = true\nbuild_property.CachingArchitectInventory = true\n";

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source, string? inventory = "true")
    {
        var (_, document) = CreateDocument(source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        return await AnalyzeAsync(compilation, analyzer, inventory);
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, DiagnosticAnalyzer analyzer, string? inventory)
    {
        var global = new Dictionary<string, string>();
        if (inventory is not null)
        {
            global[InventoryMode.BuildPropertyKey] = inventory;
        }

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new OptionsProvider(global));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "test source does not compile: " + string.Join("\n", errors));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToImmutableArray();
    }

    /// <summary>Analyzer options whose global options say <c>build_property.CachingArchitectInventory = true</c>.</summary>
    public static AnalyzerOptions InventoryOn() =>
        new(ImmutableArray<AdditionalText>.Empty, new OptionsProvider(new Dictionary<string, string> { [InventoryMode.BuildPropertyKey] = "true" }));

    public static (AdhocWorkspace Workspace, Document Document) CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var project = workspace.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "Test",
            "Test",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            metadataReferences: TestReferences.All()));
        workspace.AddDocument(projectId, "GlobalUsings.cs", SourceText.From(TestSources.GlobalUsings));
        var document = workspace.AddDocument(projectId, "Test0.cs", SourceText.From(source));
        return (workspace, document);
    }

    /// <summary>The properties of <paramref name="diagnostic"/> as sorted <c>name=value</c> lines, for exact comparison.</summary>
    public static string Describe(Diagnostic diagnostic) =>
        string.Join("\n", diagnostic.Properties.OrderBy(p => p.Key, System.StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    /// <summary>
    /// Runs <paramref name="analyzer"/> in inventory mode, takes its only diagnostic, applies the fix proposal to the source text and
    /// applies the real code fix with the proposal's title; both results must be identical. Returns the proposal properties.
    /// </summary>
    public static async Task<Diagnostic> AssertProposalMatchesFixAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string source)
    {
        var (_, document) = CreateDocument(source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await AnalyzeAsync(compilation, analyzer, "true");
        var diagnostic = Assert.Single(diagnostics, d => fix.FixableDiagnosticIds.Contains(d.Id));
        Assert.True(diagnostic.Properties.ContainsKey(FixProposal.TitleProperty), "no fix proposal on " + diagnostic);

        var proposed = ApplyProposal(source, diagnostic);

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var title = diagnostic.Properties[FixProposal.TitleProperty];
        var chosen = actions.SingleOrDefault(a => a.Title == title);
        Assert.True(chosen is not null, $"no code action titled '{title}' (offered: {string.Join(", ", actions.Select(a => a.Title))})");
        var operations = await chosen!.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var fixedText = (await changed.GetTextAsync()).ToString();
        Assert.Equal(fixedText, proposed);

        // And without the property: no proposal.
        var plain = await AnalyzeAsync(compilation, analyzer, inventory: null);
        Assert.DoesNotContain(plain, d => d.Properties.Keys.Any(k => k.StartsWith("caFix", System.StringComparison.Ordinal)));
        return diagnostic;
    }

    /// <summary>What the build report's diff means: lines <c>caFixStartLine</c>.. replaced by <c>caFixNewText</c>, after checking <c>caFixOldText</c>.</summary>
    public static string ApplyProposal(string source, Diagnostic diagnostic)
    {
        var lines = source.Split('\n').ToList();
        var start = int.Parse(diagnostic.Properties[FixProposal.StartLineProperty]!, System.Globalization.CultureInfo.InvariantCulture) - 1;
        var oldLines = diagnostic.Properties[FixProposal.OldTextProperty]!.Split('\n');
        var newLines = diagnostic.Properties[FixProposal.NewTextProperty]!.Split('\n');
        Assert.Equal(string.Join("\n", lines.Skip(start).Take(oldLines.Length)), string.Join("\n", oldLines));
        lines.RemoveRange(start, oldLines.Length);
        lines.InsertRange(start, newLines);
        return string.Join("\n", lines);
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());
        private readonly DictionaryOptions global;

        public OptionsProvider(Dictionary<string, string> global) => this.global = new DictionaryOptions(global);

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> values;

        public DictionaryOptions(Dictionary<string, string> values) => this.values = values;

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
