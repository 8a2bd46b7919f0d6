using System;
using System.Collections.Generic;
using System.Threading;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>What the Schema rules (CACHE080–089) share: registration on <c>[CacheKey]</c> methods and schema classes.</summary>
internal static class SchemaRuleSupport
{
    /// <summary>True when the runtime library is referenced (the Schema rules register nothing otherwise).</summary>
    public static bool IsApplicable(CacheSymbols symbols) => symbols.CacheKeyAttribute is not null;

    /// <summary>Runs <paramref name="action"/> once per <c>[CacheKey]</c> method (on its partial definition part).</summary>
    public static void RegisterKeyAction(
        CompilationStartAnalysisContext context,
        CacheSymbols symbols,
        Action<SymbolAnalysisContext, SchemaKeyDeclaration> action)
    {
        context.RegisterSymbolAction(
            ctx =>
            {
                var method = (IMethodSymbol)ctx.Symbol;
                if (method.PartialDefinitionPart is not null || method.MethodKind != MethodKind.Ordinary)
                {
                    return; // the implementation part of a partial method: analyzed through its definition
                }

                if (SchemaFacts.GetKey(method, symbols, ctx.CancellationToken) is { } key)
                {
                    action(ctx, key);
                }
            },
            SymbolKind.Method);
    }

    /// <summary>The <c>[CacheKey]</c> declarations of <paramref name="type"/>, in declaration order.</summary>
    public static List<SchemaKeyDeclaration> KeysOf(INamedTypeSymbol type, CacheSymbols symbols, CancellationToken cancellationToken)
    {
        var keys = new List<SchemaKeyDeclaration>();
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, PartialDefinitionPart: null } method &&
                SchemaFacts.GetKey(method, symbols, cancellationToken) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Orders locations by file path, then position (stable reporting of pairwise findings).</summary>
    public static int Compare(Location a, Location b)
    {
        var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byPath != 0 ? byPath : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
    }

    /// <summary>The first source location of <paramref name="symbol"/>, or <see cref="Location.None"/>.</summary>
    public static Location LocationOf(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                return location;
            }
        }

        return Location.None;
    }
}
