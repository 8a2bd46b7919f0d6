using System;
using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>
/// CACHE013 (Info) — keys without a namespace: (a) a constant key or leading constant part with no separator, or a key that is a
/// bare typed id, claim or input value; (b) <c>RedisCacheOptions.InstanceName</c> set to a literal that does not end in a separator
/// (fix: append one); (c) a named FusionCache that shares an L1 instance, an L2, a backplane or a distributed locker but sets no
/// cache-key prefix. Keys of providers that prefix automatically (<c>InstanceName</c>, SE.Redis <c>WithKeyPrefix</c>, FusionCache
/// <c>CacheKeyPrefix</c> anywhere in the compilation) and generated key-schema builders are not reported by (a).
/// Case (d) of the catalog (version tokens used by some writers of a family only) needs whole-compilation facts and is not implemented.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyWithoutNamespaceAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: absolute position where the fix inserts the separator (InstanceName literals only).</summary>
    public const string InsertAtProperty = "InsertAt";

    /// <summary>Diagnostic property: the separator the fix inserts.</summary>
    public const string SeparatorProperty = "Separator";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE013);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => AnalyzeKey(ctx, operation));

        if (symbols.RedisCacheOptions is { } redisOptions)
        {
            context.RegisterOperationAction(ctx => AnalyzeInstanceName(ctx, redisOptions), OperationKind.SimpleAssignment);
        }

        if (symbols.FusionCache is not null)
        {
            context.RegisterOperationAction(AnalyzeNamedFusionCache, OperationKind.Invocation);
        }
    }

    // ------------------------------------------------------------------ (a) keys

    private static void AnalyzeKey(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Kind == CacheOperationKind.Admin || operation.Key is null || operation.Technology == CacheTechnology.OutputCache ||
            operation.Name is "RemoveByTag" or "EvictByTag" || HasAutomaticPrefix(context, operation.Technology))
        {
            return;
        }

        var separators = CachingArchitectOptions.GetKeySeparators(context.Options, operation.Invocation.Syntax.SyntaxTree);
        foreach (var key in KeyRuleSupport.Keys(operation))
        {
            if (KeyRuleSupport.IsGeneratedSchemaKey(key))
            {
                continue;
            }

            var template = KeyRuleSupport.Decompose(context.Options, key);
            var message = Check(template, separators);
            if (message is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE013, key.Syntax.GetLocation(), message));
            }
        }
    }

    private static string? Check(KeyTemplate template, string separators)
    {
        if (template.Segments.IsDefaultOrEmpty)
        {
            return null;
        }

        if (template.ConstantValue is { Length: > 0 } constant)
        {
            return constant.IndexOfAny(separators.ToCharArray()) < 0
                ? "Key '" + constant + "' has no namespace; use a schema such as 'area:entity[:id]' so that features and applications sharing the cache do not collide"
                : null;
        }

        if (template.LeadingConstant.Length > 0)
        {
            return template.LeadingConstant.IndexOfAny(separators.ToCharArray()) < 0
                ? "Key '" + template.Rendered + "' has no namespace prefix; start it with 'area:entity:' so that keys of different families cannot collide"
                : null;
        }

        if (template.IsBareValue)
        {
            var segment = template.Segments[0];
            if (segment.Shape is KeyValueShape.Integer or KeyValueShape.Guid or KeyValueShape.Enum ||
                segment.Kind == KeySegmentKind.ExternalInput || segment.Shape == KeyValueShape.Claim)
            {
                return "Key is a bare " + segment.Placeholder + " value with no namespace; prefix it ('entity:" + segment.Placeholder + "') so that other entities with the same id do not collide";
            }
        }

        return null;
    }

    private static bool HasAutomaticPrefix(OperationAnalysisContext context, CacheTechnology technology)
    {
        var compilation = context.Compilation;
        var token = context.CancellationToken;
        return technology switch
        {
            CacheTechnology.DistributedCache or CacheTechnology.HybridCache => KeyRuleSupport.CompilationMentions(compilation, "InstanceName", token),
            CacheTechnology.Redis => KeyRuleSupport.CompilationMentions(compilation, "WithKeyPrefix", token),
            CacheTechnology.FusionCache => KeyRuleSupport.CompilationMentions(compilation, "CacheKeyPrefix", token),
            _ => false,
        };
    }

    // ------------------------------------------------------------------ (b) RedisCacheOptions.InstanceName

    private static void AnalyzeInstanceName(OperationAnalysisContext context, INamedTypeSymbol redisOptions)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "InstanceName" } property } ||
            !SymbolEqualityComparer.Default.Equals(property.ContainingType, redisOptions) ||
            assignment.Value.WalkDownConversions().ConstantValue.Value is not string { Length: > 0 } name)
        {
            return;
        }

        var separators = CachingArchitectOptions.GetKeySeparators(context.Options, assignment.Syntax.SyntaxTree);
        if (separators.IndexOf(name[name.Length - 1]) >= 0)
        {
            return;
        }

        var separator = FirstInsertableSeparator(separators);
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (assignment.Value.WalkDownConversions().Syntax is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken) && separator is not null)
        {
            properties[InsertAtProperty] = (literal.Span.End - 1).ToString(CultureInfo.InvariantCulture);
            properties[SeparatorProperty] = separator;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE013,
            assignment.Value.Syntax.GetLocation(),
            properties.ToImmutable(),
            "RedisCacheOptions.InstanceName '" + name + "' does not end in a separator; keys become '" + name + "user:1' — end it with '" + (separator ?? ":") + "'"));
    }

    // ------------------------------------------------------------------ (c) named FusionCache without prefix

    private static void AnalyzeNamedFusionCache(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "AddFusionCache" || !SymbolNames.IsInNamespaceOrChild(invocation.TargetMethod.ContainingNamespace, "Microsoft.Extensions.DependencyInjection") &&
            !SymbolNames.IsInNamespaceOrChild(invocation.TargetMethod.ContainingNamespace, "ZiggyCreatures"))
        {
            return;
        }

        string? cacheName = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String && argument.IsExplicit() &&
                argument.Value.WalkDownConversions().ConstantValue.Value is string value)
            {
                cacheName = value;
                break;
            }
        }

        if (cacheName is null || cacheName == "FusionCache")
        {
            return;
        }

        string? shared = null;
        IOperation current = invocation;
        for (var i = 0; i < 32; i++)
        {
            var parent = current.Parent;
            while (parent is IConversionOperation or IArgumentOperation && parent.Parent is not null)
            {
                if (parent is IArgumentOperation && parent.Parent is IInvocationOperation owner && !ReferenceEquals(owner.GetReceiver()?.WalkDownConversions(), current))
                {
                    parent = null;
                    break;
                }

                parent = parent.Parent;
            }

            if (parent is not IInvocationOperation call || !ReferenceEquals(call.GetReceiver()?.WalkDownConversions(), current))
            {
                break;
            }

            var name = call.TargetMethod.Name;
            if (name.IndexOf("CacheKeyPrefix", StringComparison.Ordinal) >= 0 ||
                (name == "WithOptions" && call.Syntax.ToString().IndexOf("CacheKeyPrefix", StringComparison.Ordinal) >= 0))
            {
                return;
            }

            if (shared is null && name.StartsWith("With", StringComparison.Ordinal) && !name.StartsWith("Without", StringComparison.Ordinal))
            {
                if (name.IndexOf("DistributedCache", StringComparison.Ordinal) >= 0)
                {
                    shared = "a distributed cache (L2)";
                }
                else if (name.IndexOf("Backplane", StringComparison.Ordinal) >= 0)
                {
                    shared = "a backplane";
                }
                else if (name.IndexOf("DistributedLocker", StringComparison.Ordinal) >= 0)
                {
                    shared = "a distributed locker";
                }
                else if (name.IndexOf("MemoryCache", StringComparison.Ordinal) >= 0)
                {
                    shared = "a shared memory cache (L1)";
                }
            }

            current = call;
        }

        if (shared is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE013,
            CodeContext.GetNameLocation(invocation),
            "Named FusionCache '" + cacheName + "' uses " + shared + " but no cache-key prefix; its entries collide with other caches — add WithCacheKeyPrefix()"));
    }

    private static string? FirstInsertableSeparator(string separators)
    {
        foreach (var c in separators)
        {
            if (c is not ('{' or '}' or '"' or '\\') && !char.IsControl(c) && !char.IsWhiteSpace(c))
            {
                return c.ToString();
            }
        }

        return null;
    }
}
