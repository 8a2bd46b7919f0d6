using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE088 (Error) — a key-schema declaration the generator cannot implement or whose definition is out of range:
/// a <c>[CacheKey]</c> method that is not <c>static partial</c>, is generic, does not return <c>CacheKey</c>/<c>CacheKey&lt;T&gt;</c>,
/// takes <c>ref</c>/<c>out</c>/<c>in</c>/<c>params</c> parameters, or lives in a class without <c>[CacheKeySchema]</c>; a schema class
/// that is not <c>static partial</c>; <c>JitterPercent</c> outside 0–50; a negative <c>Version</c>; a <c>Prefix</c> with a separator,
/// whitespace, braces or glob characters; <c>[CacheKeyPart]</c> with <c>MaxLength</c> outside 1–1024.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MalformedSchemaDeclarationAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE088);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        SchemaRuleSupport.RegisterKeyAction(context, symbols, (ctx, key) => AnalyzeKey(ctx, key, symbols));
        if (symbols.CacheKeySchemaAttribute is { } schemaAttribute)
        {
            context.RegisterSymbolAction(ctx => AnalyzeSchema(ctx, schemaAttribute), SymbolKind.NamedType);
        }
    }

    private static void AnalyzeKey(SymbolAnalysisContext context, SchemaKeyDeclaration key, CacheSymbols symbols)
    {
        var method = key.Method;
        var name = method.Name;
        var at = SchemaRuleSupport.LocationOf(method);
        if (!method.IsStatic || !IsPartial(method))
        {
            Report(context, at, $"Key method '{name}' must be 'static partial' (with no body) for the generator to implement it");
        }

        if (method.IsGenericMethod)
        {
            Report(context, at, $"Key method '{name}' must not be generic; the generator renders each key from concrete parameter types");
        }

        if (method.ReturnType.TypeKind != TypeKind.Error && !symbols.IsSchemaKeyType(method.ReturnType))
        {
            Report(context, at, $"Key method '{name}' must return CacheKey or CacheKey<TValue>, not '{method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'");
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                Report(context, SchemaRuleSupport.LocationOf(parameter), $"Parameter '{parameter.Name}' of key method '{name}' must be a plain by-value parameter (no ref, out, in or params)");
            }

            if (key.Domain(parameter.Name) is { KeyPartAttribute: { } part } domain && !domain.HasValidBound)
            {
                var location = part.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? SchemaRuleSupport.LocationOf(parameter);
                var value = domain.DeclaredMaxLength is { } max ? "MaxLength = " + max.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no MaxLength";
                Report(context, location, $"[CacheKeyPart] on '{parameter.Name}' has {value}; declare MaxLength between 1 and 1024");
            }
        }

        if (method.ContainingType is { } type && !key.Root.HasAttribute)
        {
            Report(context, at, $"Key method '{name}' is in '{type.Name}', which has no [CacheKeySchema]; the generator only implements keys of schema classes");
        }

        if (key.JitterPercent is < 0 or > 50)
        {
            Report(context, key.NamedArgumentLocation("JitterPercent"), $"JitterPercent {key.JitterPercent} of '{name}' is outside 0–50: the jitter spreads expiries by ±JitterPercent of the Ttl");
        }
    }

    private static void AnalyzeSchema(SymbolAnalysisContext context, INamedTypeSymbol schemaAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = SchemaFacts.FindAttribute(type, schemaAttribute);
        if (attribute is null)
        {
            return;
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        if (type.TypeKind != TypeKind.Class || !type.IsStatic || !IsPartial(type))
        {
            Report(context, SchemaRuleSupport.LocationOf(type), $"Key schema '{type.Name}' must be a 'static partial class' for the generator to add its keys");
        }

        foreach (var named in attribute.NamedArguments)
        {
            var location = SchemaFacts.NamedArgumentSyntax(syntax, named.Key)?.Expression.GetLocation() ?? SchemaRuleSupport.LocationOf(type);
            if (named.Key == "Version" && named.Value.Value is int version && version < 0)
            {
                Report(context, location, $"Version {version} of key schema '{type.Name}' is negative; versions render as 'v{{Version}}' and count up from 1");
            }
            else if (named.Key == "Prefix" && named.Value.Value is string prefix && prefix.Length > 0 && !IsValidPrefix(prefix))
            {
                Report(context, location, $"Prefix '{prefix}' of key schema '{type.Name}' contains a separator, whitespace, control, brace or glob character; the prefix is one key segment such as 'shop'");
            }
        }
    }

    private static bool IsValidPrefix(string prefix)
    {
        foreach (var c in prefix)
        {
            if (c is ':' or '{' or '}' or '*' or '?' or '[' or ']' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPartial(IMethodSymbol method)
    {
        if (method.IsPartialDefinition || method.PartialImplementationPart is not null)
        {
            return true;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is MethodDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword) && declaration.Body is null && declaration.ExpressionBody is null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPartial(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return type.DeclaringSyntaxReferences.IsEmpty;
    }

    private static void Report(SymbolAnalysisContext context, Location location, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE088, location, message));
}
