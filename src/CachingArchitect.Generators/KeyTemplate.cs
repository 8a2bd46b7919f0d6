using System.Collections.Generic;
using System.Globalization;

namespace CachingArchitect.Generators
{
    /// <summary>One piece of a key template: literal text or a <c>{placeholder}</c>.</summary>
    internal readonly struct TemplatePart
    {
        public TemplatePart(string text, bool isPlaceholder)
        {
            Text = text;
            IsPlaceholder = isPlaceholder;
        }

        /// <summary>The literal text, or the placeholder name without braces.</summary>
        public string Text { get; }

        public bool IsPlaceholder { get; }
    }

    /// <summary>Parsing rules shared with the schema analyzers (CACHE080–089), so both read a template the same way.</summary>
    internal static class KeyTemplate
    {
        /// <summary>
        /// Splits a template into literal text and placeholders. A placeholder is <c>{name}</c> where name is a non-empty
        /// run of letters, digits and underscores; anything else (an unmatched brace, <c>{}</c>, <c>{a b}</c>) is literal
        /// text. Never throws.
        /// </summary>
        public static List<TemplatePart> Parse(string? template)
        {
            var parts = new List<TemplatePart>();
            if (string.IsNullOrEmpty(template))
            {
                return parts;
            }

            var text = template!;
            var literalStart = 0;
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '{')
                {
                    var end = i + 1;
                    while (end < text.Length && IsNameChar(text[end]))
                    {
                        end++;
                    }

                    if (end < text.Length && text[end] == '}' && end > i + 1)
                    {
                        if (i > literalStart)
                        {
                            parts.Add(new TemplatePart(text.Substring(literalStart, i - literalStart), false));
                        }

                        parts.Add(new TemplatePart(text.Substring(i + 1, end - i - 1), true));
                        i = end + 1;
                        literalStart = i;
                        continue;
                    }
                }

                i++;
            }

            if (literalStart < text.Length)
            {
                parts.Add(new TemplatePart(text.Substring(literalStart), false));
            }

            return parts;
        }

        /// <summary>
        /// The rule for <c>Ttl</c> and <c>MaxStaleness</c> strings, shared with the schema analyzer (CACHE083): first the
        /// invariant constant format <c>c</c> (<c>[-][d.]hh:mm:ss[.fffffff]</c>), then the general invariant
        /// <c>TimeSpan.TryParse</c> format. Null or unparsable gives null (the generated definition then has no TTL).
        /// </summary>
        public static long? ParseTimeSpanTicks(string? value)
        {
            if (value is null || value.Length == 0)
            {
                return null;
            }

            if (System.TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var exact))
            {
                return exact.Ticks;
            }

            if (System.TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var general))
            {
                return general.Ticks;
            }

            return null;
        }

        private static bool IsNameChar(char c) => c == '_' || char.IsLetterOrDigit(c);
    }
}
