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
/// Case (d) — writers of one key family that disagree on a version token — needs whole-compilation facts and lives in
/// <see cref="KeyFamilyVersionAnalyzer"/> below, so that this analyzer keeps running live in the IDE.
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

            // Build report: the code fix's text insertion as a fix proposal.
            FixProposal.Add(properties, context.Options, "End InstanceName with '" + separator + "'", literal.SyntaxTree, new Microsoft.CodeAnalysis.Text.TextSpan(literal.Span.End - 1, 0), separator, context.CancellationToken);
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

/// <summary>
/// CACHE013 (d) (Info, whole compilation) — keys of one family where some writers include a version token (<c>:v2:</c>) and others
/// do not. A family is a key template with its dynamic parts and version tokens blanked (<c>shop:v2:user:{id}</c> and
/// <c>shop:user:{id}</c> are one family), per cache technology (different technologies are different key spaces). The writers
/// without the token are reported: readers of one version never see the other's entries, and bumping the version leaves the
/// unversioned entries in place. A separate analyzer with a <c>CompilationEnd</c> descriptor of the same ID, so that cases
/// (a)–(c) stay live in the IDE.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyFamilyVersionAnalyzer : CacheAnalyzer
{
    private const char Hole = '\u0001';

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE013Family);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var writers = new System.Collections.Concurrent.ConcurrentBag<Writer>();
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Collect(ctx, operation, writers));
        context.RegisterCompilationEndAction(ctx => Report(ctx, writers));
    }

    private static void Collect(OperationAnalysisContext context, CacheOperation operation, System.Collections.Concurrent.ConcurrentBag<Writer> writers)
    {
        if (operation.Kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough) || operation.Key is null
            || operation.Technology == CacheTechnology.OutputCache)
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
            if (GetFamily(template, separators) is { } family)
            {
                writers.Add(new Writer(operation.Technology, family.Family, family.Version, key.Syntax.GetLocation()));
            }
        }
    }

    private static void Report(CompilationAnalysisContext context, System.Collections.Concurrent.ConcurrentBag<Writer> writers)
    {
        var groups = new System.Collections.Generic.Dictionary<(CacheTechnology, string), System.Collections.Generic.List<Writer>>();
        foreach (var writer in writers)
        {
            if (!groups.TryGetValue((writer.Technology, writer.Family), out var list))
            {
                groups[(writer.Technology, writer.Family)] = list = new System.Collections.Generic.List<Writer>();
            }

            list.Add(writer);
        }

        foreach (var pair in groups)
        {
            Writer? versioned = null;
            foreach (var writer in pair.Value)
            {
                if (writer.Version is not null && (versioned is null || Compare(writer.Location, versioned.Location) < 0))
                {
                    versioned = writer;
                }
            }

            if (versioned is null)
            {
                continue;
            }

            foreach (var writer in pair.Value)
            {
                if (writer.Version is not null)
                {
                    continue;
                }

                var span = versioned.Location.GetLineSpan();
                var where = System.IO.Path.GetFileName(span.Path) + "(" + (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture) + ")";
                var message = $"Key family '{pair.Key.Item2}' is written with version token '{versioned.Version}' at {where} but without one here: " +
                              "readers of one version never see the other's entries, and a version bump leaves these entries behind";
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE013Family, writer.Location, new[] { versioned.Location }, message));
            }
        }
    }

    private static int Compare(Location a, Location b)
    {
        var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byPath != 0 ? byPath : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
    }

    /// <summary>
    /// The family of a key template (dynamic parts as <c>{}</c>, version tokens removed) and its version token, or null when the
    /// key has no constant namespace to group by.
    /// </summary>
    internal static (string Family, string? Version)? GetFamily(KeyTemplate template, string separators)
    {
        if (template.Segments.IsDefaultOrEmpty || !template.IsComplete || template.IsBareValue)
        {
            return null;
        }

        var text = new System.Text.StringBuilder();
        foreach (var segment in template.Segments)
        {
            if (segment.IsConstant)
            {
                text.Append(segment.Text);
            }
            else
            {
                text.Append(Hole);
            }
        }

        var family = new System.Text.StringBuilder();
        string? version = null;
        var namedTokens = 0;
        var raw = text.ToString();
        var start = 0;
        for (var i = 0; i <= raw.Length; i++)
        {
            if (i < raw.Length && separators.IndexOf(raw[i]) < 0)
            {
                continue;
            }

            var token = raw.Substring(start, i - start);
            var separator = i < raw.Length ? raw[i].ToString() : string.Empty;
            start = i + 1;
            if (IsVersionToken(token))
            {
                version ??= token.Replace(Hole.ToString(), "{…}");
                continue;
            }

            if (token.Length > 0 && token.IndexOf(Hole) < 0)
            {
                namedTokens++;
            }

            family.Append(token.Replace(Hole.ToString(), "{}")).Append(separator);
        }

        return namedTokens == 0 ? null : (family.ToString().TrimEnd(separators.ToCharArray()), version);
    }

    private static bool IsVersionToken(string token)
    {
        if (token.Length < 2 || (token[0] != 'v' && token[0] != 'V'))
        {
            return false;
        }

        if (token.Length == 2 && token[1] == Hole)
        {
            return true;
        }

        for (var i = 1; i < token.Length; i++)
        {
            if (!char.IsDigit(token[i]))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Writer
    {
        public Writer(CacheTechnology technology, string family, string? version, Location location)
        {
            Technology = technology;
            Family = family;
            Version = version;
            Location = location;
        }

        public CacheTechnology Technology { get; }

        public string Family { get; }

        public string? Version { get; }

        public Location Location { get; }
    }
}
