using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Model.Schema;

/// <summary>
/// Shared facts of CachingArchitect key schemas (<c>[CacheKeySchema]</c> classes and their <c>[CacheKey]</c> methods), read from
/// symbols and attribute syntax: the parsed template, the attribute arguments and their locations, the schema root, and the
/// domain of each parameter. Used by the Schema rules (CACHE080–089) and the inventory.
/// </summary>
internal static class SchemaFacts
{
    private static readonly ConditionalWeakTable<IMethodSymbol, SchemaKeyDeclaration> Keys = new();

    /// <summary>
    /// Parses a <c>Ttl</c>/<c>MaxStaleness</c> text as the generator does: <c>TimeSpan.TryParseExact(s, "c", InvariantCulture)</c>,
    /// else <c>TimeSpan.TryParse(s, InvariantCulture)</c>.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out value) ||
               TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The attribute of class <paramref name="attributeClass"/> on <paramref name="symbol"/>, or null.</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>
    /// The key declaration of <paramref name="method"/> (its partial definition part), or null when it carries no <c>[CacheKey]</c>.
    /// Computed once per method symbol and shared by the rules.
    /// </summary>
    public static SchemaKeyDeclaration? GetKey(IMethodSymbol method, CacheSymbols symbols, CancellationToken cancellationToken)
    {
        if (method.PartialDefinitionPart is { } definition)
        {
            method = definition;
        }

        if (symbols.CacheKeyAttribute is null || FindAttribute(method, symbols.CacheKeyAttribute) is not { } attribute)
        {
            return null;
        }

        return Keys.GetValue(method, m => new SchemaKeyDeclaration(m, attribute, symbols, cancellationToken));
    }

    /// <summary>The <c>[CacheKeySchema]</c> root of <paramref name="type"/>: prefix, version and whether the attribute is there.</summary>
    public static SchemaRoot GetRoot(INamedTypeSymbol? type, CacheSymbols symbols)
    {
        if (type is null || FindAttribute(type, symbols.CacheKeySchemaAttribute) is not { } attribute)
        {
            return new SchemaRoot(null, 0, false);
        }

        string? prefix = null;
        var version = 0;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Prefix")
            {
                prefix = named.Value.Value as string;
            }
            else if (named.Key == "Version" && named.Value.Value is int v)
            {
                version = v;
            }
        }

        return new SchemaRoot(string.IsNullOrEmpty(prefix) ? null : prefix, version, true);
    }

    /// <summary>The expression of the named argument <paramref name="name"/> (<c>Name = value</c>) of an attribute, or null.</summary>
    public static AttributeArgumentSyntax? NamedArgumentSyntax(AttributeSyntax? syntax, string name)
    {
        if (syntax?.ArgumentList is null)
        {
            return null;
        }

        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// The location of <c>[start, start+length)</c> of the string value of <paramref name="expression"/>: the exact characters for a
    /// plain literal without escapes, else the whole expression.
    /// </summary>
    public static Location SubLocation(ExpressionSyntax expression, int start, int length)
    {
        if (expression is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken) &&
            literal.Token.ValueText is { } value && literal.Token.Text.Length == value.Length + 2 && literal.Token.Text[0] == '"' &&
            start >= 0 && length > 0 && start + length <= value.Length)
        {
            return Location.Create(expression.SyntaxTree, new TextSpan(literal.Token.SpanStart + 1 + start, length));
        }

        return expression.GetLocation();
    }
}

/// <summary>The root of a schema's keys: <c>{Prefix}:v{Version}:</c>.</summary>
internal readonly struct SchemaRoot
{
    public SchemaRoot(string? prefix, int version, bool hasAttribute)
    {
        Prefix = prefix;
        Version = version;
        HasAttribute = hasAttribute;
    }

    public string? Prefix { get; }

    public int Version { get; }

    public bool HasAttribute { get; }

    /// <summary>The rendered root as the runtime renders it (<c>shop:v2:</c>, <c>shop:</c>, <c>v2:</c> or empty).</summary>
    public string Text =>
        (Prefix is null ? string.Empty : Prefix + ":") +
        (Version == 0 ? string.Empty : "v" + Version.ToString(CultureInfo.InvariantCulture) + ":");
}

/// <summary>One <c>[CacheKey]</c> method with its attribute arguments, their syntax, its parsed template and its parameter domains.</summary>
internal sealed class SchemaKeyDeclaration
{
    private readonly Dictionary<string, KeyPartDomain> domains = new(StringComparer.Ordinal);
    private ImmutableArray<ImmutableArray<object>>? segments;
    private volatile bool segmentsComputed;

    internal SchemaKeyDeclaration(IMethodSymbol method, AttributeData attribute, CacheSymbols symbols, CancellationToken cancellationToken)
    {
        Method = method;
        Attribute = attribute;
        Syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        Root = SchemaFacts.GetRoot(method.ContainingType, symbols);

        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Primitive)
        {
            Template = attribute.ConstructorArguments[0].Value as string;
        }

        if (Syntax?.ArgumentList is { } list)
        {
            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals is null && (argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == "template"))
                {
                    TemplateExpression = argument.Expression;
                    break;
                }
            }
        }

        Parsed = SchemaTemplate.Parse(Template);
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Ttl":
                    Ttl = named.Value.Value as string;
                    break;
                case "MaxStaleness":
                    MaxStaleness = named.Value.Value as string;
                    break;
                case "JitterPercent" when named.Value.Value is int jitter:
                    JitterPercent = jitter;
                    break;
                case "Strategy" when named.Value.Value is int strategy:
                    Strategy = strategy;
                    break;
                case "Justification":
                    Justification = named.Value.Value as string;
                    break;
            }
        }

        foreach (var parameter in method.Parameters)
        {
            domains[parameter.Name] = KeyPartDomain.Of(parameter, symbols);
        }
    }

    public IMethodSymbol Method { get; }

    public AttributeData Attribute { get; }

    /// <summary>The <c>[CacheKey(…)]</c> syntax, or null when the attribute is not in source.</summary>
    public AttributeSyntax? Syntax { get; }

    public SchemaRoot Root { get; }

    /// <summary>The template text; null when missing, not a string, or not a constant.</summary>
    public string? Template { get; }

    /// <summary>The template argument's expression.</summary>
    public ExpressionSyntax? TemplateExpression { get; }

    public SchemaTemplate Parsed { get; }

    public string? Ttl { get; }

    public string? MaxStaleness { get; }

    public int JitterPercent { get; }

    /// <summary>The declared <c>CacheStrategy</c> as its underlying value (0 = CacheAside, 1 = ReadThrough, 2 = WriteThrough, 3 = WriteBehind, 4 = EventDriven).</summary>
    public int Strategy { get; }

    /// <summary>The declared justification of the Ttl and staleness, or null.</summary>
    public string? Justification { get; }

    /// <summary>The <c>TValue</c> of a <c>CacheKey&lt;TValue&gt;</c> return type; null for an untyped <c>CacheKey</c>.</summary>
    public ITypeSymbol? ValueType =>
        Method.ReturnType is INamedTypeSymbol { Name: "CacheKey", TypeArguments.Length: 1 } typed ? typed.TypeArguments[0] : null;

    /// <summary>The name of the declared strategy (<c>CacheAside</c> … <c>EventDriven</c>), or its number when out of range.</summary>
    public string StrategyName => Strategy switch
    {
        0 => "CacheAside",
        1 => "ReadThrough",
        2 => "WriteThrough",
        3 => "WriteBehind",
        4 => "EventDriven",
        _ => Strategy.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>True for CacheAside and ReadThrough: entries change only when they expire, so the Ttl bounds the staleness.</summary>
    public bool IsTtlBoundedStrategy => Strategy is 0 or 1;

    /// <summary>The family text: root plus template (<c>shop:v2:user:{userId}</c>).</summary>
    public string Family => Root.Text + (Template ?? string.Empty);

    /// <summary>True when the template is a well-formed constant and every placeholder names a parameter.</summary>
    public bool IsRenderable
    {
        get
        {
            if (Template is null || !Parsed.IsWellFormed)
            {
                return false;
            }

            foreach (var placeholder in Parsed.Placeholders)
            {
                if (!domains.ContainsKey(placeholder.Text))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The domain of the parameter named <paramref name="name"/>, or null.</summary>
    public KeyPartDomain? Domain(string name) => domains.TryGetValue(name, out var domain) ? domain : null;

    /// <summary>The location of template characters <c>[start, start+length)</c>, or of the attribute when the template is not in source.</summary>
    public Location TemplateLocation(int start, int length) =>
        TemplateExpression is not null ? SchemaFacts.SubLocation(TemplateExpression, start, length) : AttributeLocation;

    /// <summary>The whole template argument, or the attribute.</summary>
    public Location TemplateArgumentLocation => TemplateExpression?.GetLocation() ?? AttributeLocation;

    /// <summary>The attribute name (<c>CacheKey</c> in <c>[CacheKey(…)]</c>), or the method name.</summary>
    public Location AttributeLocation =>
        Syntax?.Name.GetLocation() ?? (Method.Locations.Length > 0 ? Method.Locations[0] : Location.None);

    /// <summary>The location of the named argument <paramref name="name"/>'s value, or of the attribute.</summary>
    public Location NamedArgumentLocation(string name) =>
        SchemaFacts.NamedArgumentSyntax(Syntax, name)?.Expression.GetLocation() ?? AttributeLocation;

    /// <summary>
    /// The rendered key as <c>:</c>-separated segments of literal text and parameter domains, or null when the key is not
    /// renderable or a part's rendering is not known well enough to reason about collisions (nullable, char, floating, …).
    /// </summary>
    public ImmutableArray<ImmutableArray<object>>? Segments()
    {
        if (!segmentsComputed)
        {
            segments = ComputeSegments();
            segmentsComputed = true;
        }

        return segments;
    }

    private ImmutableArray<ImmutableArray<object>>? ComputeSegments()
    {
        if (!IsRenderable)
        {
            return null;
        }

        var result = ImmutableArray.CreateBuilder<ImmutableArray<object>>();
        var current = ImmutableArray.CreateBuilder<object>();
        var literal = new StringBuilder();

        void AddLiteral(string text)
        {
            foreach (var c in text)
            {
                if (c == ':')
                {
                    if (literal.Length > 0)
                    {
                        current.Add(literal.ToString());
                        literal.Clear();
                    }

                    result.Add(current.ToImmutable());
                    current.Clear();
                }
                else
                {
                    literal.Append(c);
                }
            }
        }

        AddLiteral(Root.Text);
        foreach (var part in Parsed.Parts)
        {
            if (!part.IsPlaceholder)
            {
                AddLiteral(part.Text);
                continue;
            }

            var domain = Domain(part.Text)!;
            if (domain.IsNullable || domain.Kind is not (KeyPartKind.Integer or KeyPartKind.Boolean or KeyPartKind.Guid or KeyPartKind.Enum or KeyPartKind.DateOnly or KeyPartKind.String) ||
                (domain.Kind == KeyPartKind.Enum && domain.EnumNames.IsDefaultOrEmpty))
            {
                return null;
            }

            if (literal.Length > 0)
            {
                current.Add(literal.ToString());
                literal.Clear();
            }

            current.Add(domain);
        }

        if (literal.Length > 0)
        {
            current.Add(literal.ToString());
        }

        result.Add(current.ToImmutable());
        return result.ToImmutable();
    }

    /// <summary>The longest key this declaration can render, or null when a part has no known bound.</summary>
    public int? MaxLength()
    {
        if (!IsRenderable)
        {
            return null;
        }

        var length = Root.Text.Length;
        foreach (var part in Parsed.Parts)
        {
            if (!part.IsPlaceholder)
            {
                length += part.Text.Length;
                continue;
            }

            if (Domain(part.Text)?.MaxRenderedLength is not { } max)
            {
                return null;
            }

            length += max;
        }

        return length;
    }
}
