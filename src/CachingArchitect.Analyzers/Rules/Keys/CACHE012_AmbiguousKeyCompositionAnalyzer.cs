using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>
/// CACHE012 — key parts joined without a delimiter so that different values can render the same key: two adjacent variable parts
/// whose boundary cannot be recovered (<c>$"order{customerId}{orderId}"</c>), a number after a literal ending in a digit
/// (<c>"v2" + id</c>), or a free string after a literal ending in a letter or digit (<c>"user" + name</c>). Fixed-width parts
/// (<c>{id:D10}</c>, GUIDs, hashes, alignment) and separators (<c>caching_architect.key_separators</c>) are not ambiguous.
/// The fix inserts the first configured separator.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AmbiguousKeyCompositionAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: absolute position where the fix inserts text.</summary>
    public const string InsertAtProperty = "InsertAt";

    /// <summary>Diagnostic property: a <see cref="KeyInsertionStyle"/> name.</summary>
    public const string InsertStyleProperty = "InsertStyle";

    /// <summary>Diagnostic property: the separator character to insert.</summary>
    public const string SeparatorProperty = "Separator";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE012);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        // A key built once (in a local) and used by several calls is reported once, at the composition site.
        var reported = new ConcurrentDictionary<(SyntaxTree, TextSpan), bool>();
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, reported));
    }

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, ConcurrentDictionary<(SyntaxTree, TextSpan), bool> reported)
    {
        if (operation.Kind == CacheOperationKind.Admin || operation.Key is null || operation.Name == "RemoveByTag" || operation.Name == "EvictByTag")
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
            var segments = template.Segments;
            for (var i = 1; i < segments.Length; i++)
            {
                var previous = segments[i - 1];
                var current = segments[i];
                if (current.IsConstant || current.Operation is null)
                {
                    continue;
                }

                KeyInsertionPoint? fix;
                string description;
                if (previous.IsConstant)
                {
                    if (!IsAmbiguousAfterLiteral(previous.Text!, current, separators))
                    {
                        continue;
                    }

                    fix = previous.LiteralEnd ?? current.InsertBefore;
                    description = "'" + previous.Text + "' and " + Describe(current);
                }
                else
                {
                    if (!AreAmbiguous(previous, current))
                    {
                        continue;
                    }

                    fix = current.InsertBefore;
                    description = Describe(previous) + " and " + Describe(current);
                }

                var location = HoleSyntax(current.Operation).GetLocation();
                if (!reported.TryAdd((location.SourceTree!, location.SourceSpan), true))
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                var separator = FixSeparator(separators);
                if (fix is { } point && point.Tree == location.SourceTree && separator is not null)
                {
                    properties[InsertAtProperty] = point.Position.ToString(CultureInfo.InvariantCulture);
                    properties[InsertStyleProperty] = point.Style.ToString();
                    properties[SeparatorProperty] = separator;
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE012, location, properties.ToImmutable(), description));
            }
        }
    }

    /// <summary>A literal ending in a letter or digit followed by a free string, or ending in a digit followed by a number.</summary>
    private static bool IsAmbiguousAfterLiteral(string text, KeySegment current, string separators)
    {
        if (text.Length == 0 || current.IsFixedWidth)
        {
            return false;
        }

        var last = text[text.Length - 1];
        if (separators.IndexOf(last) >= 0 || !char.IsLetterOrDigit(last))
        {
            return false;
        }

        var shape = Shape(current);
        return shape == ValueClass.Free || (shape == ValueClass.Number && char.IsDigit(last));
    }

    /// <summary>Two adjacent variable parts whose boundary cannot be recovered from the rendered key.</summary>
    private static bool AreAmbiguous(KeySegment previous, KeySegment current)
    {
        if (previous.IsFixedWidth || current.IsFixedWidth)
        {
            return false;
        }

        var a = Shape(previous);
        var b = Shape(current);
        if (a == ValueClass.None || b == ValueClass.None)
        {
            return false;
        }

        // A string of unknown content next to another hole is usually a prefix or suffix that carries its own separator
        // (BuildKey(string prefix, int id) => $"{prefix}{id}"): unknown, so not reported.
        if ((a == ValueClass.Free && previous.Kind == KeySegmentKind.Unknown) || (b == ValueClass.Free && current.Kind == KeySegmentKind.Unknown))
        {
            return false;
        }

        return a == ValueClass.Free || b == ValueClass.Free ||
               (a == ValueClass.Number && b == ValueClass.Number) ||
               (a == ValueClass.Word && b == ValueClass.Word);
    }

    private enum ValueClass
    {
        None,
        Number,
        Word,
        Free,
    }

    private static ValueClass Shape(KeySegment segment)
    {
        if (segment.Kind == KeySegmentKind.Volatile)
        {
            return ValueClass.None; // CACHE010's domain
        }

        return segment.Shape switch
        {
            KeyValueShape.Integer or KeyValueShape.Floating => ValueClass.Number,
            KeyValueShape.Enum or KeyValueShape.Choice or KeyValueShape.Bool => ValueClass.Word,
            KeyValueShape.String or KeyValueShape.Claim or KeyValueShape.CheckedString => ValueClass.Free,
            _ => ValueClass.None,
        };
    }

    /// <summary>The whole interpolation hole (<c>{orderId}</c>) when the value sits in one, else the value itself.</summary>
    private static SyntaxNode HoleSyntax(IOperation value)
    {
        var current = value.Parent;
        for (var i = 0; i < 4 && current is not null; i++, current = current.Parent)
        {
            if (current is Microsoft.CodeAnalysis.Operations.IInterpolationOperation or Microsoft.CodeAnalysis.Operations.IInterpolatedStringAppendOperation)
            {
                return current.Syntax;
            }

            if (current is Microsoft.CodeAnalysis.Operations.IInterpolatedStringOperation)
            {
                break;
            }
        }

        return value.Syntax;
    }

    private static string Describe(KeySegment segment)
    {
        var syntax = segment.Operation?.Syntax.ToString() ?? segment.Placeholder;
        if (syntax.Length > 40)
        {
            syntax = syntax.Substring(0, 37) + "...";
        }

        return "'" + syntax + "'";
    }

    /// <summary>The first configured separator that can be inserted verbatim in C# string text.</summary>
    private static string? FixSeparator(string separators)
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
