using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>
/// CACHE014 — a key the backend rejects or silently ignores. Memcached: whitespace or control characters in a constant part
/// (Enyim throws), a constant or maximum rendered length over 250 bytes (the server answers EINVAL and closes the connection),
/// or raw request input with no hashing key transformer registered. HybridCache: an empty/whitespace key, control characters, or
/// a length over <c>MaximumKeyLength</c> (1024 by default; not checked when the project configures it). Any backend: a key that
/// embeds a serialized object (<c>JsonSerializer.Serialize</c>, <c>JsonConvert.SerializeObject</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyRejectedByBackendAnalyzer : CacheAnalyzer
{
    private const int MemcachedMaxKeyBytes = 250;
    private const int HybridDefaultMaxKeyLength = 1024;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE014);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => Analyze(ctx, operation));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Kind == CacheOperationKind.Admin || operation.Key is null || operation.Name is "RemoveByTag" or "EvictByTag")
        {
            return;
        }

        foreach (var key in KeyRuleSupport.Keys(operation))
        {
            var template = KeyRuleSupport.Decompose(context.Options, key);
            if (template.Segments.IsDefault)
            {
                continue;
            }

            var message = operation.Technology switch
            {
                CacheTechnology.Memcached => Memcached(context, template),
                CacheTechnology.HybridCache => Hybrid(context, template),
                _ => null,
            } ?? Serialized(template);

            if (message is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE014, key.Syntax.GetLocation(), message));
            }
        }
    }

    private static string? Memcached(OperationAnalysisContext context, KeyTemplate template)
    {
        if (HasControlOrWhitespace(template, includeSpace: true))
        {
            return "Memcached key '" + template.Rendered + "' contains whitespace or control characters; Enyim's key transformer throws ArgumentException";
        }

        if (template.ConstantValue is { } constant && Encoding.UTF8.GetByteCount(constant) > MemcachedMaxKeyBytes)
        {
            return "Memcached key is " + Encoding.UTF8.GetByteCount(constant).ToString(CultureInfo.InvariantCulture) +
                   " bytes, over the 250-byte limit; the server rejects it and closes the connection, so the call fails silently";
        }

        if (template.MaxLength is > MemcachedMaxKeyBytes && !template.IsConstant)
        {
            return "Memcached key '" + template.Rendered + "' can reach " + template.MaxLength.Value.ToString(CultureInfo.InvariantCulture) +
                   " characters, over the 250-byte limit; the server rejects it and closes the connection, so the call fails silently";
        }

        if (template.HasExternalInput && !HasHashingKeyTransformer(context))
        {
            return "Memcached key '" + template.Rendered + "' embeds raw request input that may contain spaces or exceed 250 bytes; hash it or register SHA1KeyTransformer";
        }

        return null;
    }

    private static string? Hybrid(OperationAnalysisContext context, KeyTemplate template)
    {
        if (template.ConstantValue is { } constant && string.IsNullOrWhiteSpace(constant))
        {
            return "HybridCache key is empty or whitespace; GetOrCreateAsync bypasses both cache levels and runs the factory on every call";
        }

        if (HasControlOrWhitespace(template, includeSpace: false))
        {
            return "HybridCache key '" + Escape(template.Rendered) + "' contains control characters; GetOrCreateAsync bypasses both cache levels and runs the factory on every call";
        }

        if (template.MaxLength is > HybridDefaultMaxKeyLength &&
            !KeyRuleSupport.CompilationMentions(context.Compilation, "MaximumKeyLength", context.CancellationToken))
        {
            return "HybridCache key can reach " + template.MaxLength.Value.ToString(CultureInfo.InvariantCulture) +
                   " characters, over MaximumKeyLength (1024); GetOrCreateAsync then bypasses the cache and SetAsync stores an entry that is never read";
        }

        return null;
    }

    private static string? Serialized(KeyTemplate template)
    {
        foreach (var segment in template.Segments)
        {
            if (segment.IsConstant || segment.Operation is null)
            {
                continue;
            }

            var op = segment.Operation.WalkDownConversions();
            if (op is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, local) is { } assigned)
            {
                op = assigned.WalkDownConversions();
            }

            if (op is IInvocationOperation { TargetMethod: { Name: "Serialize" or "SerializeObject" or "SerializeToUtf8Bytes" } method } &&
                method.ContainingType?.Name is "JsonSerializer" or "JsonConvert")
            {
                return "Key '" + template.Rendered + "' embeds a serialized object (" + method.ContainingType.Name + "." + method.Name +
                       "); keys of 1 KB and more are slow to compare and transfer, hash the payload instead";
            }
        }

        return null;
    }

    private static bool HasControlOrWhitespace(KeyTemplate template, bool includeSpace)
    {
        foreach (var segment in template.Segments)
        {
            if (!segment.IsConstant)
            {
                continue;
            }

            foreach (var c in segment.Text!)
            {
                if (c < 0x20 || c == 0x7F || (includeSpace && c == ' '))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasHashingKeyTransformer(OperationAnalysisContext context) =>
        KeyRuleSupport.CompilationMentions(context.Compilation, "SHA1KeyTransformer", context.CancellationToken) ||
        KeyRuleSupport.CompilationMentions(context.Compilation, "IMemcachedKeyTransformer", context.CancellationToken) ||
        KeyRuleSupport.CompilationMentions(context.Compilation, "KeyTransformer =", context.CancellationToken);

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < 0x20)
            {
                builder.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
