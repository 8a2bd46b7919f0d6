using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Perf.Baseline;

/// <summary>
/// The fair baseline: runs the <c>Initialize</c> and compilation-start code of every CachingArchitect analyzer (so the same
/// library gating happens and the same actions are registered, kind for kind and count for count) but replaces every
/// registered callback with one that does nothing. Its time is what the analyzer driver charges for CachingArchitect's
/// registrations alone; CachingArchitect's time above it is the work its rules do.
/// </summary>
/// <remarks>
/// Loaded from the same folder as CachingArchitect.Analyzers.dll (the compiler loads analyzer dependencies per folder);
/// build/perf/measure-analyzers.py copies both there. This one analyzer carries all registrations; the per-analyzer mirrors
/// (<see cref="MirrorAnalyzerBase"/> subclasses that measure-analyzers.py generates, one per CachingArchitect analyzer) also
/// carry the driver's per-analyzer cost.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MirrorBaselineAnalyzer : MirrorAnalyzerBase
{
    public MirrorBaselineAnalyzer()
        : base(AllAnalyzerTypes())
    {
    }

    private static Type[] AllAnalyzerTypes()
    {
        var assembly = typeof(CachingArchitect.Analyzers.Infrastructure.CacheAnalyzer).Assembly;
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        return types
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
    }
}

/// <summary>Mirrors the registrations of the given CachingArchitect analyzers with callbacks that do nothing.</summary>
public abstract class MirrorAnalyzerBase : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "PERF0002", "Never reported", "Never reported", "Performance", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private readonly Type[] _mirrored;

    protected MirrorAnalyzerBase(params Type[] mirrored) => _mirrored = mirrored;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        var proxy = new NoOpAnalysisContext(context);
        foreach (var type in _mirrored)
        {
            ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).Initialize(proxy);
        }
    }

    private sealed class NoOpAnalysisContext(AnalysisContext inner) : AnalysisContext
    {
        public override void EnableConcurrentExecution() { }

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) { }

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => inner.RegisterCompilationStartAction(start => action(new NoOpCompilationStartContext(start)));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(static _ => { });

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(static _ => { });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(static _ => { }, symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => inner.RegisterSymbolStartAction(static s => s.RegisterSymbolEndAction(static _ => { }), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => inner.RegisterCodeBlockStartAction<TLanguageKindEnum>(static _ => { });

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(static _ => { });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(static _ => { });

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => inner.RegisterAdditionalFileAction(static _ => { });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(static _ => { }, syntaxKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => inner.RegisterOperationBlockStartAction(static _ => { });

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(static _ => { });

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(static _ => { }, operationKinds);
    }

    private sealed class NoOpCompilationStartContext(CompilationStartAnalysisContext inner)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(static _ => { });

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(static _ => { });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(static _ => { }, symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => inner.RegisterSymbolStartAction(static s => s.RegisterSymbolEndAction(static _ => { }), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => inner.RegisterCodeBlockStartAction<TLanguageKindEnum>(static _ => { });

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(static _ => { });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(static _ => { });

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => inner.RegisterAdditionalFileAction(static _ => { });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(static _ => { }, syntaxKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => inner.RegisterOperationBlockStartAction(static _ => { });

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(static _ => { });

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(static _ => { }, operationKinds);
    }
}
