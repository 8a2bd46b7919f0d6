using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE086 (Warning) — a template whose keys break a backend's key rules: whitespace or control characters in its literal text
/// (Memcached's text protocol rejects them; redis-cli and glob patterns mishandle them), and, when EnyimMemcachedCore is
/// referenced, keys that can be longer than Memcached's 250-byte limit (root + literal text + the longest rendering of every part;
/// only computed when every string part declares its bound — an undeclared bound is CACHE082's finding). Glob characters in literal
/// text are not reported: the runtime escapes them in <c>Pattern</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemplateBreaksBackendRuleAnalyzer : CacheAnalyzer
{
    /// <summary>Memcached's maximum key length in bytes.</summary>
    public const int MemcachedMaxKeyLength = 250;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE086);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var memcached = symbols.MemcachedClient is not null;
        SchemaRuleSupport.RegisterKeyAction(context, symbols, (ctx, key) => Analyze(ctx, key, memcached));
    }

    private static void Analyze(SymbolAnalysisContext context, SchemaKeyDeclaration key, bool memcached)
    {
        if (key.Template is null || !key.Parsed.IsWellFormed)
        {
            return;
        }

        foreach (var part in key.Parsed.Parts)
        {
            if (part.IsPlaceholder)
            {
                continue;
            }

            for (var i = 0; i < part.Text.Length; i++)
            {
                var c = part.Text[i];
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    var what = c == ' ' ? "a space" : "character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CACHE086,
                        key.TemplateLocation(part.Start + i, 1),
                        $"The template of '{key.Method.Name}' contains {what}: Memcached rejects keys with whitespace or control characters, and redis-cli and SCAN patterns mishandle them; use '-' or '_'"));
                    return;
                }
            }
        }

        if (!memcached)
        {
            return;
        }

        foreach (var placeholder in key.Parsed.Placeholders)
        {
            if (key.Domain(placeholder.Text) is { Kind: KeyPartKind.String, HasValidBound: false })
            {
                return;
            }
        }

        if (key.MaxLength() is { } max && max > MemcachedMaxKeyLength)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE086,
                key.TemplateArgumentLocation,
                $"Keys of '{key.Method.Name}' ('{key.Family}') can be {max.ToString(CultureInfo.InvariantCulture)} characters long: Memcached rejects keys over {MemcachedMaxKeyLength} bytes; shorten the literal segments or lower the parts' MaxLength"));
        }
    }
}
