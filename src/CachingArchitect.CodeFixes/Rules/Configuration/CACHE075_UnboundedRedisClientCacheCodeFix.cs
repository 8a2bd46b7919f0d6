using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Configuration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Configuration;

/// <summary>
/// CACHE075 fix for the unbounded client-side cache: add <c>MaxBytes = 64 * 1024 * 1024</c> (a 64 MiB budget to tune) to the
/// <c>new CacheOptions { … }</c> initializer, when <c>MaxBytes</c> is a plain integer property. The Broadcast-without-Prefixes
/// finding has no automatic fix: the prefixes are application knowledge, and a guessed prefix would silently stop invalidations
/// for every key outside it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedRedisClientCacheCodeFix))]
[Shared]
public sealed class UnboundedRedisClientCacheCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.UnboundedRedisClientCache;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(UnboundedRedisClientCacheAnalyzer.KindProperty, out var kind) ||
            kind != UnboundedRedisClientCacheAnalyzer.KindUnbounded ||
            FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { } creation ||
            !HasIntegerMaxBytes(model.GetTypeInfo(creation).Type))
        {
            yield break;
        }

        var budget = SyntaxFactory.ParseExpression("64 * 1024 * 1024");
        yield return CacheFix.Syntax(
            "Bound the client-side cache with MaxBytes (64 MiB)",
            RuleIds.UnboundedRedisClientCache,
            () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(creation, "MaxBytes", budget)));
    }

    private static bool HasIntegerMaxBytes(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("MaxBytes"))
            {
                if (member is IPropertySymbol { IsStatic: false, SetMethod: not null } property)
                {
                    var propertyType = property.Type;
                    if (propertyType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                    {
                        propertyType = nullable.TypeArguments[0];
                    }

                    return propertyType.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64;
                }
            }
        }

        return false;
    }
}
