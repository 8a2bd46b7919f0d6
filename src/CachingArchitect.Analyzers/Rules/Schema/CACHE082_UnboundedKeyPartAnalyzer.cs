using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE082 (Warning) — a key part (a parameter used by the template) of an unbounded or volatile domain: a <c>string</c> without
/// <c>[CacheKeyPart(MaxLength = n)]</c> (fix: add one), a timestamp or duration (<c>DateTime</c>, <c>DateTimeOffset</c>,
/// <c>TimeOnly</c>, <c>TimeSpan</c>), a floating-point number, <c>object</c>/<c>dynamic</c>, a collection, or a type rendered through
/// a compiler-synthesized or inherited <c>ToString()</c>. Quiet for bounded, stable domains: integers, <c>bool</c>, <c>char</c>,
/// <c>Guid</c>, enums, <c>DateOnly</c> (a calendar day), types implementing <c>IFormattable</c> or declaring their own
/// <c>ToString()</c>, and their nullable forms.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedKeyPartAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property present when the fix can add <c>[CacheKeyPart(MaxLength = 64)]</c>.</summary>
    public const string AddBoundProperty = "AddBound";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE082);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        SchemaRuleSupport.RegisterKeyAction(context, symbols, static (ctx, key) => Analyze(ctx, key));

    private static void Analyze(SymbolAnalysisContext context, SchemaKeyDeclaration key)
    {
        if (key.Template is null)
        {
            return;
        }

        foreach (var parameter in key.Method.Parameters)
        {
            if (!key.Parsed.HasPlaceholder(parameter.Name) || key.Domain(parameter.Name) is not { } domain)
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var type = domain.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            string? message = domain.Kind switch
            {
                KeyPartKind.String when domain.KeyPartAttribute is null =>
                    $"String key part '{parameter.Name}' has no declared bound: any text up to {KeyPartDomain.DefaultStringMaxLength} characters becomes a new key; declare its domain with [CacheKeyPart(MaxLength = n)]",
                KeyPartKind.Volatile when domain.Type.SpecialType == SpecialType.System_DateTime || domain.Type.Name == "DateTimeOffset" =>
                    $"Key part '{parameter.Name}' is a timestamp ({type}): nearly every call renders a new key, so entries are written once and never hit again; key by a bounded value such as a DateOnly day or an hour number",
                KeyPartKind.Volatile when domain.Type.Name == "TimeOnly" =>
                    $"Key part '{parameter.Name}' is a time of day ({type}): with ticks precision nearly every call renders a new key; key by a bounded value such as the hour",
                KeyPartKind.Volatile =>
                    $"Key part '{parameter.Name}' is a duration ({type}): computed durations rarely repeat exactly, so keys are unique per call; key by a bounded value such as whole minutes",
                KeyPartKind.Floating =>
                    $"Key part '{parameter.Name}' is a floating-point or decimal number ({type}): the domain is unbounded and equal values can render differently (1.0 and 1.00, 0 and -0); key by an id or a rounded integer",
                KeyPartKind.Object =>
                    $"Key part '{parameter.Name}' is '{type}': any value of any type, rendered by its ToString(); use a typed, bounded parameter",
                KeyPartKind.Collection =>
                    $"Key part '{parameter.Name}' is a collection ({type}): an unbounded number of values has no stable rendering; key by an id, or compute a deliberate hash",
                KeyPartKind.Other when !DeclaresToString(domain.Type) =>
                    $"Key part '{parameter.Name}' is of type '{type}', rendered by a ToString() it does not declare (a record renders '{domain.Type.Name} {{ … }}' with spaces; a class renders its type name); pass the underlying id, or implement IFormattable",
                _ => null,
            };

            if (message is null)
            {
                continue;
            }

            if (domain.Kind == KeyPartKind.String)
            {
                properties = properties.Add(AddBoundProperty, "64");
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE082, SchemaRuleSupport.LocationOf(parameter), properties, message));
        }
    }

    private static bool DeclaresToString(ITypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("ToString"))
            {
                if (member is IMethodSymbol { Parameters.Length: 0, IsOverride: true, IsImplicitlyDeclared: false } method &&
                    !IsRecordSynthesized(method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Records synthesize ToString(); metadata does not say whether it was written by hand, so a record from metadata counts as synthesized.
    private static bool IsRecordSynthesized(IMethodSymbol method) =>
        method.ContainingType is { IsRecord: true } && method.DeclaringSyntaxReferences.IsEmpty;
}
