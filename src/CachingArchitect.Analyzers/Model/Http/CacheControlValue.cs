using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>One directive of a <c>Cache-Control</c> value: its lower-case name, its argument (unquoted) and where it starts in the text.</summary>
internal readonly struct CacheControlDirective
{
    public CacheControlDirective(string name, string? argument, int position)
    {
        Name = name;
        Argument = argument;
        Position = position;
    }

    /// <summary>The directive name, lower-cased (<c>max-age</c>, <c>public</c>, an unknown extension…).</summary>
    public string Name { get; }

    /// <summary>The argument after <c>=</c>, without quotes; null when the directive has none.</summary>
    public string? Argument { get; }

    /// <summary>Offset of the directive in the parsed text.</summary>
    public int Position { get; }

    public override string ToString() => Argument is null ? Name : Name + "=" + Argument;
}

/// <summary>A syntax problem in a <c>Cache-Control</c> value and its offset in the text.</summary>
internal readonly struct CacheControlError
{
    public CacheControlError(string message, int position)
    {
        Message = message;
        Position = position;
    }

    public string Message { get; }

    public int Position { get; }

    public override string ToString() => $"{Message} (at {Position})";
}

/// <summary>
/// The one model of HTTP caching directives (issue 4, "one parser for Cache-Control"): a header value parsed once into directives
/// (<c>max-age</c>, <c>s-maxage</c>, <c>stale-while-revalidate</c>, <c>stale-if-error</c>, <c>public</c>, <c>private</c>, <c>no-store</c>,
/// <c>no-cache</c>, <c>immutable</c>, <c>must-revalidate</c>; unknown directives are kept) with syntax errors recorded by position, plus
/// the directives that <c>[ResponseCache]</c> settings and typed <c>CacheControlHeaderValue</c>s produce (<see cref="FromDirectives"/>).
/// Rules and the build report read the same facts: <see cref="IsSharedCacheable"/>, <see cref="Contradictions"/>, <see cref="Repaired"/>.
/// </summary>
internal sealed class CacheControlValue
{
    /// <summary>Directives whose argument is delta-seconds (RFC 9111 §1.2.2, RFC 5861).</summary>
    private static readonly string[] DeltaSecondsDirectives = { "max-age", "s-maxage", "stale-while-revalidate", "stale-if-error", "min-fresh", "max-stale" };

    private CacheControlValue(string text, ImmutableArray<CacheControlDirective> directives, ImmutableArray<CacheControlError> errors, CacheControlValue? repaired)
    {
        Text = text;
        Directives = directives;
        Errors = errors;
        Repaired = repaired ?? this;
    }

    /// <summary>The text that was parsed (for attribute settings: the header ASP.NET Core would emit).</summary>
    public string Text { get; }

    public ImmutableArray<CacheControlDirective> Directives { get; }

    /// <summary>Syntax errors (RFC 9111 §5.2 grammar: <c>token [ "=" ( token / quoted-string ) ]</c>, delta-seconds arguments).</summary>
    public ImmutableArray<CacheControlError> Errors { get; }

    public bool IsValid => Errors.IsEmpty;

    /// <summary>
    /// A lenient reading of a malformed value (<c>max-age: 60</c> → <c>max-age=60</c>, <c>max-age=60s</c> → 60, <c>Public</c> → <c>public</c>),
    /// or this value when it is valid. <see cref="IsValid"/> on the result is false when no unambiguous repair exists.
    /// </summary>
    public CacheControlValue Repaired { get; }

    public bool Public => Has("public");

    public bool Private => Has("private");

    public bool NoStore => Has("no-store");

    public bool NoCache => Has("no-cache");

    public bool Immutable => Has("immutable");

    public bool MustRevalidate => Has("must-revalidate");

    public long? MaxAge => Seconds("max-age");

    public long? SharedMaxAge => Seconds("s-maxage");

    public long? StaleWhileRevalidate => Seconds("stale-while-revalidate");

    public long? StaleIfError => Seconds("stale-if-error");

    /// <summary>
    /// True when shared caches (CDNs, proxies) may store and reuse the response: <c>public</c> or <c>s-maxage</c>, and none of
    /// <c>private</c>, <c>no-store</c>, <c>no-cache</c>, and a non-zero freshness (<c>s-maxage</c> &gt; 0, or <c>max-age</c> absent or &gt; 0).
    /// </summary>
    public bool IsSharedCacheable
    {
        get
        {
            if (NoStore || Private || NoCache || !(Public || Has("s-maxage")))
            {
                return false;
            }

            var shared = SharedMaxAge;
            if (shared is not null)
            {
                return shared > 0;
            }

            var maxAge = MaxAge;
            return maxAge is null || maxAge > 0 || !Has("max-age");
        }
    }

    /// <summary>True when the value forbids shared storage (<c>private</c> or <c>no-store</c>).</summary>
    public bool IsPrivateOrNoStore => Private || NoStore;

    /// <summary>True when the value lets some cache reuse the response without revalidation (<c>max-age</c>/<c>s-maxage</c> &gt; 0 or <c>public</c>), i.e. not <c>no-store</c>/<c>no-cache</c>.</summary>
    public bool IsCacheable => !NoStore && !NoCache && (MaxAge > 0 || SharedMaxAge > 0 || Public && MaxAge is null);

    /// <summary>Contradictory directive pairs: <c>no-store</c> with <c>max-age&gt;0</c>/<c>s-maxage&gt;0</c>/<c>public</c>, <c>public</c> with <c>private</c>, <c>no-cache</c> with <c>immutable</c>.</summary>
    public ImmutableArray<string> Contradictions
    {
        get
        {
            var list = ImmutableArray.CreateBuilder<string>();
            if (NoStore && MaxAge > 0)
            {
                list.Add("'no-store' with 'max-age=" + MaxAge + "'");
            }

            if (NoStore && SharedMaxAge > 0)
            {
                list.Add("'no-store' with 's-maxage=" + SharedMaxAge + "'");
            }

            if (NoStore && Public)
            {
                list.Add("'no-store' with 'public'");
            }

            if (Public && Private)
            {
                list.Add("'public' with 'private'");
            }

            if (NoCache && Immutable)
            {
                list.Add("'no-cache' with 'immutable'");
            }

            return list.ToImmutable();
        }
    }

    public bool Has(string name)
    {
        foreach (var directive in Directives)
        {
            if (directive.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The argument of the first <paramref name="name"/> directive; null when absent.</summary>
    public string? Argument(string name)
    {
        foreach (var directive in Directives)
        {
            if (directive.Name == name)
            {
                return directive.Argument;
            }
        }

        return null;
    }

    /// <summary>The delta-seconds argument of <paramref name="name"/>; null when absent or not an integer.</summary>
    public long? Seconds(string name)
    {
        foreach (var directive in Directives)
        {
            if (directive.Name == name)
            {
                return directive.Argument is { } text && IsDigits(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    /// <summary>Builds a value from directives that are known to be well-formed (attribute settings, typed header members).</summary>
    public static CacheControlValue FromDirectives(IEnumerable<CacheControlDirective> directives)
    {
        var builder = ImmutableArray.CreateBuilder<CacheControlDirective>();
        var text = new StringBuilder();
        foreach (var directive in directives)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            builder.Add(new CacheControlDirective(directive.Name, directive.Argument, text.Length));
            text.Append(directive.ToString());
        }

        return new CacheControlValue(text.ToString(), builder.ToImmutable(), ImmutableArray<CacheControlError>.Empty, null);
    }

    /// <summary>Parses a header value (RFC 9111 §5.2). Never throws; null is treated as empty.</summary>
    public static CacheControlValue Parse(string? text)
    {
        text ??= string.Empty;
        var strict = ParseCore(text, lenient: false);
        if (strict.Errors.IsEmpty)
        {
            return new CacheControlValue(text, strict.Directives, strict.Errors, null);
        }

        var lenient = ParseCore(text, lenient: true);
        var repaired = new CacheControlValue(text, lenient.Directives, lenient.Errors, null);
        return new CacheControlValue(text, strict.Directives, strict.Errors, repaired);
    }

    private static (ImmutableArray<CacheControlDirective> Directives, ImmutableArray<CacheControlError> Errors) ParseCore(string text, bool lenient)
    {
        var directives = ImmutableArray.CreateBuilder<CacheControlDirective>();
        var errors = ImmutableArray.CreateBuilder<CacheControlError>();
        var i = 0;
        var expectDirective = true;
        var sawAny = false;
        while (i < text.Length)
        {
            SkipWhitespace(text, ref i);
            if (i >= text.Length)
            {
                break;
            }

            if (text[i] == ',')
            {
                i++;
                expectDirective = true;
                continue;
            }

            if (!expectDirective && !lenient)
            {
                errors.Add(new CacheControlError("expected ',' between directives", i));
                SkipToComma(text, ref i);
                continue;
            }

            expectDirective = false;
            sawAny = true;
            var start = i;
            while (i < text.Length && IsTokenChar(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                errors.Add(new CacheControlError($"unexpected character '{text[i]}'", i));
                SkipToComma(text, ref i);
                continue;
            }

            var name = text.Substring(start, i - start);
            var lower = name.ToLowerInvariant();
            SkipWhitespace(text, ref i);
            string? argument = null;
            if (i < text.Length && (text[i] == '=' || lenient && text[i] == ':'))
            {
                i++;
                SkipWhitespace(text, ref i);
                if (i < text.Length && text[i] == '"')
                {
                    var close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        errors.Add(new CacheControlError($"unterminated quoted argument of '{name}'", i));
                        argument = text.Substring(i + 1);
                        i = text.Length;
                    }
                    else
                    {
                        argument = text.Substring(i + 1, close - i - 1);
                        i = close + 1;
                    }
                }
                else
                {
                    var argStart = i;
                    while (i < text.Length && IsTokenChar(text[i]))
                    {
                        i++;
                    }

                    argument = text.Substring(argStart, i - argStart);
                    if (argument.Length == 0)
                    {
                        errors.Add(new CacheControlError($"'{name}=' has no argument", argStart));
                    }
                }
            }
            else if (i < text.Length && text[i] == ':' && !lenient)
            {
                errors.Add(new CacheControlError($"'{name}' uses ':' instead of '='", i));
                SkipToComma(text, ref i);
                continue;
            }

            if (Array.IndexOf(DeltaSecondsDirectives, lower) >= 0)
            {
                if (argument is null)
                {
                    if (lower != "max-stale")
                    {
                        errors.Add(new CacheControlError($"'{lower}' needs a number of seconds", start));
                    }
                }
                else if (!IsDigits(argument))
                {
                    var trimmed = lenient ? TrimSecondsSuffix(argument) : argument;
                    if (IsDigits(trimmed))
                    {
                        argument = trimmed;
                    }
                    else
                    {
                        errors.Add(new CacheControlError($"'{lower}' needs an integer number of seconds, not '{argument}'", start));
                    }
                }
            }

            directives.Add(new CacheControlDirective(lower, argument, start));
        }

        if (!sawAny && text.Trim().Length > 0)
        {
            errors.Add(new CacheControlError("no directives", 0));
        }

        return (directives.ToImmutable(), errors.ToImmutable());
    }

    private static string TrimSecondsSuffix(string argument)
    {
        var text = argument.Trim();
        foreach (var suffix in new[] { "seconds", "secs", "sec", "s" })
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return text.Substring(0, text.Length - suffix.Length);
            }
        }

        return text;
    }

    private static bool IsDigits(string text)
    {
        if (text.Length == 0 || text.Length > 18)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 9110 tchar.</summary>
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static void SkipWhitespace(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipToComma(string text, ref int i)
    {
        while (i < text.Length && text[i] != ',')
        {
            i++;
        }
    }

    public override string ToString() => Text;
}
