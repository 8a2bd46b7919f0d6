using System;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE083 (Error) — a <c>Ttl</c> or <c>MaxStaleness</c> text that does not parse as the generator parses it
/// (<c>TimeSpan</c> invariant constant format, then invariant general format), a negative duration, or a zero <c>Ttl</c>.
/// Reported at the argument's value. A missing value is CACHE084.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidSchemaDurationAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE083);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        SchemaRuleSupport.RegisterKeyAction(context, symbols, static (ctx, key) => Analyze(ctx, key));

    private static void Analyze(SymbolAnalysisContext context, SchemaKeyDeclaration key)
    {
        Check(context, key, "Ttl", key.Ttl, zeroAllowed: false);
        Check(context, key, "MaxStaleness", key.MaxStaleness, zeroAllowed: true);
    }

    private static void Check(SymbolAnalysisContext context, SchemaKeyDeclaration key, string name, string? text, bool zeroAllowed)
    {
        if (text is null)
        {
            return;
        }

        string? message = null;
        if (!SchemaFacts.TryParseDuration(text, out var value))
        {
            message = $"{name} '{text}' of '{key.Method.Name}' is not a TimeSpan in invariant format; write [d.]hh:mm:ss[.fffffff], e.g. \"00:15:00\" for 15 minutes or \"1.00:00:00\" for a day";
        }
        else if (value < TimeSpan.Zero)
        {
            message = $"{name} '{text}' of '{key.Method.Name}' is negative";
        }
        else if (value == TimeSpan.Zero && !zeroAllowed)
        {
            message = $"Ttl '{text}' of '{key.Method.Name}' is zero: Redis rejects an expiry of 0 ('invalid expire time') and an entry that expires at once is never read; declare a positive Ttl";
        }

        if (message is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE083, key.NamedArgumentLocation(name), message));
        }
    }
}
