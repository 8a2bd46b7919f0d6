using System;
using System.ComponentModel;

namespace CachingArchitect
{
    /// <summary>Run-time checks that generated key builders apply to string key parts. Not meant to be called by hand.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class CacheKeyParts
    {
        /// <summary>
        /// Returns <paramref name="value"/> when it is a safe key part: not null or empty, at most <paramref name="maxLength"/>
        /// characters, and free of the separator <c>:</c>, braces, glob characters (<c>* ? [ ] \</c>), whitespace and control
        /// characters. Otherwise throws <see cref="ArgumentException"/>, so that no input can forge another key of the schema.
        /// </summary>
        public static string Check(string? value, int maxLength, string parameterName)
        {
            if (value is null)
            {
                throw new ArgumentNullException(parameterName);
            }

            if (value.Length == 0 || value.Length > maxLength)
            {
                throw new ArgumentException($"A cache key part must have 1 to {maxLength} characters; got {value.Length}.", parameterName);
            }

            foreach (var c in value)
            {
                // ASCII through a 128-bit table (this runs on every generated key with a string part), the rest through
                // the Unicode whitespace/control categories.
                var forbidden = c < 64 ? ((ForbiddenLow >> c) & 1) != 0
                    : c < 128 ? ((ForbiddenHigh >> (c - 64)) & 1) != 0
                    : char.IsWhiteSpace(c) || char.IsControl(c);
                if (forbidden)
                {
                    throw new ArgumentException($"A cache key part may not contain separators, braces, glob characters, whitespace or control characters; found U+{(int)c:X4}.", parameterName);
                }
            }

            return value;
        }

        // U+0000–U+003F: control characters U+0000–U+001F, space, '*', ':', '?'.
        private const ulong ForbiddenLow = 0xFFFF_FFFFUL | (1UL << ' ') | (1UL << '*') | (1UL << ':') | (1UL << '?');

        // U+0040–U+007F: '[', '\\', ']', '{', '}', DEL.
        private const ulong ForbiddenHigh = (1UL << ('[' - 64)) | (1UL << ('\\' - 64)) | (1UL << (']' - 64)) | (1UL << ('{' - 64)) | (1UL << ('}' - 64)) | (1UL << (0x7F - 64));
    }
}
