using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Analyzers.Model.Schema;

/// <summary>One part of a <see cref="SchemaTemplate"/>: literal text or a <c>{placeholder}</c>.</summary>
internal readonly struct TemplatePart
{
    public TemplatePart(bool isPlaceholder, string text, int start, int length)
    {
        IsPlaceholder = isPlaceholder;
        Text = text;
        Start = start;
        Length = length;
    }

    /// <summary>True for <c>{name}</c>; false for literal text.</summary>
    public bool IsPlaceholder { get; }

    /// <summary>The literal text, or the placeholder's name (without braces).</summary>
    public string Text { get; }

    /// <summary>Offset in the template text (of the <c>{</c> for a placeholder).</summary>
    public int Start { get; }

    /// <summary>Length in the template text (braces included for a placeholder).</summary>
    public int Length { get; }
}

/// <summary>A problem of a template's syntax (CACHE087), with its offset and length in the template text.</summary>
internal readonly struct TemplateError
{
    public TemplateError(string message, int start, int length)
    {
        Message = message;
        Start = start;
        Length = length;
    }

    public string Message { get; }

    public int Start { get; }

    public int Length { get; }
}

/// <summary>
/// A <c>[CacheKey]</c> template parsed into literal text and <c>{placeholder}</c>s, with its syntax errors. The grammar is the
/// generator's: placeholders are C# identifiers in single braces, each used once; no braces inside literal text; the template is
/// not empty and has no empty <c>:</c> segments (leading, trailing or doubled separator).
/// </summary>
internal sealed class SchemaTemplate
{
    private SchemaTemplate(string text, ImmutableArray<TemplatePart> parts, ImmutableArray<TemplateError> errors)
    {
        Text = text;
        Parts = parts;
        Errors = errors;
    }

    public string Text { get; }

    public ImmutableArray<TemplatePart> Parts { get; }

    public ImmutableArray<TemplateError> Errors { get; }

    public bool IsWellFormed => Errors.IsEmpty;

    /// <summary>The placeholders in template order.</summary>
    public IEnumerable<TemplatePart> Placeholders
    {
        get
        {
            foreach (var part in Parts)
            {
                if (part.IsPlaceholder)
                {
                    yield return part;
                }
            }
        }
    }

    /// <summary>True when a placeholder named exactly <paramref name="name"/> appears.</summary>
    public bool HasPlaceholder(string name)
    {
        foreach (var part in Parts)
        {
            if (part.IsPlaceholder && string.Equals(part.Text, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static SchemaTemplate Parse(string? text)
    {
        text ??= string.Empty;
        var parts = ImmutableArray.CreateBuilder<TemplatePart>();
        var errors = ImmutableArray.CreateBuilder<TemplateError>();
        if (text.Trim().Length == 0)
        {
            errors.Add(new TemplateError("The key template is empty; name the entity, e.g. 'user:{userId}'", 0, text.Length));
            return new SchemaTemplate(text, parts.ToImmutable(), errors.ToImmutable());
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var literalStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}')
            {
                errors.Add(new TemplateError("Unbalanced '}' in the key template; placeholders are written '{name}'", i, 1));
                i++;
                continue;
            }

            if (c != '{')
            {
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            var nextOpen = text.IndexOf('{', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                errors.Add(new TemplateError("Unbalanced '{' in the key template; placeholders are written '{name}'", i, 1));
                i++;
                continue;
            }

            if (i > literalStart)
            {
                parts.Add(new TemplatePart(false, text.Substring(literalStart, i - literalStart), literalStart, i - literalStart));
            }

            var name = text.Substring(i + 1, close - i - 1);
            var length = close - i + 1;
            if (name.Length == 0)
            {
                errors.Add(new TemplateError("Empty placeholder '{}' in the key template; name a parameter of the method", i, length));
            }
            else if (!SyntaxFacts.IsValidIdentifier(name))
            {
                errors.Add(new TemplateError("Placeholder '{" + name + "}' is not a C# identifier; placeholders name a parameter of the method (no format strings or expressions)", i, length));
            }
            else if (!seen.Add(name))
            {
                errors.Add(new TemplateError("Placeholder '{" + name + "}' appears twice in the key template; each parameter is rendered once", i, length));
            }

            parts.Add(new TemplatePart(true, name, i, length));
            i = close + 1;
            literalStart = i;
        }

        if (literalStart < text.Length)
        {
            parts.Add(new TemplatePart(false, text.Substring(literalStart), literalStart, text.Length - literalStart));
        }

        if (text[0] == ':')
        {
            errors.Add(new TemplateError("The key template starts with ':'; the generator adds the separator after the prefix and version itself", 0, 1));
        }

        if (text.Length > 1 && text[text.Length - 1] == ':')
        {
            errors.Add(new TemplateError("The key template ends with ':', an empty last segment", text.Length - 1, 1));
        }

        var doubled = text.IndexOf("::", StringComparison.Ordinal);
        if (doubled >= 0)
        {
            errors.Add(new TemplateError("The key template has an empty segment '::'", doubled, 2));
        }

        return new SchemaTemplate(text, parts.ToImmutable(), errors.ToImmutable());
    }
}
