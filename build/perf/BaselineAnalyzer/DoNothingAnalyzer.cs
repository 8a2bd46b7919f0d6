using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Perf.Baseline;

/// <summary>Registers every action kind CachingArchitect's analyzers use, and does nothing in them.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNothingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "PERF0001", "Never reported", "Never reported", "Performance", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            start.RegisterOperationAction(
                static _ => { },
                OperationKind.Invocation,
                OperationKind.SimpleAssignment,
                OperationKind.ObjectCreation,
                OperationKind.PropertyReference,
                OperationKind.FieldReference,
                OperationKind.Literal,
                OperationKind.TypeOf,
                OperationKind.EventAssignment);
            start.RegisterOperationBlockAction(static _ => { });
            start.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType, SymbolKind.Method);
            start.RegisterSymbolStartAction(
                static symbolStart => symbolStart.RegisterSymbolEndAction(static _ => { }),
                SymbolKind.NamedType);
            start.RegisterAdditionalFileAction(static _ => { });
            start.RegisterCompilationEndAction(static _ => { });
        });
    }
}
