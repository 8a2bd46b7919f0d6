using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE085 (Error) — two keys of one schema class that can render the same string (<c>user:{id}</c> with an <c>int</c> and
/// <c>user:{name}</c> with a <c>string</c>; <c>user:{name}</c> and <c>user:me</c>). Decided soundly by <see cref="KeyCollisions"/>:
/// only collisions that certainly happen for some arguments. Keys of different schema classes (which may share a prefix and
/// version) need the whole compilation and are reported by <see cref="SchemaKeyCollisionAcrossSchemasAnalyzer"/> below, so that
/// this analyzer keeps running live in the IDE. The later key (by source position) is reported, the other is the related location.
/// Also one key whose template puts two integer or string parts side by side (<c>{a}{b}</c>): different arguments render alike.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SchemaKeyCollisionAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE085);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterSymbolAction(ctx => Analyze(ctx, symbols), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, CacheSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || SchemaFacts.FindAttribute(type, symbols.CacheKeySchemaAttribute) is null)
        {
            return; // keys outside schema classes are not generated (CACHE088)
        }

        var keys = SchemaRuleSupport.KeysOf(type, symbols, context.CancellationToken);
        foreach (var key in keys)
        {
            if (KeyCollisions.AmbiguousAdjacentParts(key) is { } pair)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE085,
                    key.TemplateLocation(pair.First.Start, pair.Second.Start + pair.Second.Length - pair.First.Start),
                    $"Key '{key.Method.Name}' renders '{{{pair.First.Text}}}{{{pair.Second.Text}}}' with no separator: different arguments render the same string (1 and 23, 12 and 3 both give '123'); put a literal such as '-' or ':' between them"));
            }
        }

        for (var i = 0; i < keys.Count; i++)
        {
            for (var j = i + 1; j < keys.Count; j++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (KeyCollisions.CanCollide(keys[i], keys[j]))
                {
                    context.ReportDiagnostic(Report(Descriptors.CACHE085, keys[i], keys[j]));
                }
            }
        }
    }

    /// <summary>The diagnostic for a colliding pair: on the later key's template, the earlier key as related location.</summary>
    internal static Diagnostic Report(DiagnosticDescriptor descriptor, SchemaKeyDeclaration a, SchemaKeyDeclaration b)
    {
        var (first, second) = SchemaRuleSupport.Compare(a.TemplateArgumentLocation, b.TemplateArgumentLocation) <= 0 ? (a, b) : (b, a);
        var where = SymbolEqualityComparer.Default.Equals(first.Method.ContainingType, second.Method.ContainingType)
            ? string.Empty
            : " of " + first.Method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var message = $"Key '{second.Method.Name}' ('{second.Family}') can render the same string as key '{first.Method.Name}'{where} ('{first.Family}'): " +
                      "the two share entries and read each other's values; make the templates differ in a literal segment";
        return Diagnostic.Create(descriptor, second.TemplateArgumentLocation, new[] { first.TemplateArgumentLocation }, message);
    }
}

/// <summary>
/// CACHE085 across schema classes (Error, whole compilation): keys of different <c>[CacheKeySchema]</c> classes whose prefix, version
/// and template can render the same string. A separate analyzer with a <c>CompilationEnd</c> descriptor of the same ID, so that
/// the per-class case stays live in the IDE.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SchemaKeyCollisionAcrossSchemasAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE085Compilation);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var keys = new ConcurrentBag<SchemaKeyDeclaration>();
        context.RegisterSymbolAction(
            ctx =>
            {
                if (ctx.Symbol is INamedTypeSymbol { TypeKind: TypeKind.Class } type &&
                    SchemaFacts.FindAttribute(type, symbols.CacheKeySchemaAttribute) is not null)
                {
                    foreach (var key in SchemaRuleSupport.KeysOf(type, symbols, ctx.CancellationToken))
                    {
                        if (key.IsRenderable)
                        {
                            keys.Add(key);
                        }
                    }
                }
            },
            SymbolKind.NamedType);
        context.RegisterCompilationEndAction(ctx => Report(ctx, keys));
    }

    private static void Report(CompilationAnalysisContext context, ConcurrentBag<SchemaKeyDeclaration> keys)
    {
        // Only keys with the same number of segments can collide: bucket by it before comparing pairs.
        var buckets = new Dictionary<int, List<SchemaKeyDeclaration>>();
        foreach (var key in keys)
        {
            if (key.Segments() is not { } segments)
            {
                continue;
            }

            if (!buckets.TryGetValue(segments.Length, out var list))
            {
                buckets[segments.Length] = list = new List<SchemaKeyDeclaration>();
            }

            list.Add(key);
        }

        foreach (var list in buckets.Values)
        {
            list.Sort((a, b) => SchemaRuleSupport.Compare(a.TemplateArgumentLocation, b.TemplateArgumentLocation));
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    if (!SymbolEqualityComparer.Default.Equals(list[i].Method.ContainingType, list[j].Method.ContainingType) &&
                        KeyCollisions.CanCollide(list[i], list[j]))
                    {
                        context.ReportDiagnostic(SchemaKeyCollisionAnalyzer.Report(Descriptors.CACHE085Compilation, list[i], list[j]));
                    }
                }
            }
        }
    }
}
