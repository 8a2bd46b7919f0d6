using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace CachingArchitect
{
    /// <summary>
    /// One key of a schema as declared by its <see cref="CacheKeyAttribute"/>: template, TTL, jitter, strategy, staleness and
    /// justification. The generator creates one instance per key method; use them for warming, documentation and reports.
    /// </summary>
    public sealed class CacheKeyDefinition
    {
        private static int seed = Environment.TickCount;

        [ThreadStatic]
        private static Random? random;

        /// <summary>Creates a definition. Generated code calls this once per key.</summary>
        public CacheKeyDefinition(
            string name,
            string? prefix,
            int version,
            string template,
            TimeSpan? timeToLive,
            int jitterPercent,
            CacheStrategy strategy,
            TimeSpan? maxStaleness,
            string? justification,
            IReadOnlyList<string> parameters,
            Type? valueType)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Prefix = string.IsNullOrEmpty(prefix) ? null : prefix;
            Version = version;
            Template = template ?? throw new ArgumentNullException(nameof(template));
            TimeToLive = timeToLive;
            JitterPercent = jitterPercent < 0 ? 0 : jitterPercent > 100 ? 100 : jitterPercent;
            Strategy = strategy;
            MaxStaleness = maxStaleness;
            Justification = justification;
            Parameters = parameters ?? Array.Empty<string>();
            ValueType = valueType;
            Family = CacheKeyText.Root(Prefix, version) + template;
            Pattern = CacheKeyText.ToPattern(Family);
        }

        /// <summary>The name of the key method (e.g. <c>UserProfile</c>).</summary>
        public string Name { get; }

        /// <summary>The schema prefix, or null when the schema has none.</summary>
        public string? Prefix { get; }

        /// <summary>The schema version, 0 when the schema has none.</summary>
        public int Version { get; }

        /// <summary>The template as declared (e.g. <c>user:{userId}:profile</c>).</summary>
        public string Template { get; }

        /// <summary>The full template with prefix and version (e.g. <c>shop:v2:user:{userId}:profile</c>).</summary>
        public string Family { get; }

        /// <summary>A Redis glob matching every key of the family (e.g. <c>shop:v2:user:*:profile</c>).</summary>
        public string Pattern { get; }

        /// <summary>The declared time to live; null when the key declares none (reported by CACHE084).</summary>
        public TimeSpan? TimeToLive { get; }

        /// <summary>The declared jitter in percent of <see cref="TimeToLive"/>, either way.</summary>
        public int JitterPercent { get; }

        /// <summary>How the data is kept fresh.</summary>
        public CacheStrategy Strategy { get; }

        /// <summary>The longest acceptable staleness; null when not declared.</summary>
        public TimeSpan? MaxStaleness { get; }

        /// <summary>Why the TTL and staleness are acceptable.</summary>
        public string? Justification { get; }

        /// <summary>The parameter names of the key method, in order.</summary>
        public IReadOnlyList<string> Parameters { get; }

        /// <summary>The value type of a <see cref="CacheKey{TValue}"/> key; null for an untyped <see cref="CacheKey"/>.</summary>
        public Type? ValueType { get; }

        /// <summary>
        /// <see cref="TimeToLive"/> with uniform jitter of ±<see cref="JitterPercent"/> applied, so that entries written together
        /// do not expire together. Null when the key declares no TTL. Never less than one millisecond.
        /// </summary>
        public TimeSpan? NextTimeToLive()
        {
            if (TimeToLive is not { } ttl)
            {
                return null;
            }

            if (JitterPercent == 0)
            {
                return ttl;
            }

            var rng = random ??= new Random(Interlocked.Increment(ref seed));
            var factor = 1.0 + ((rng.NextDouble() * 2.0) - 1.0) * (JitterPercent / 100.0);
            var ticks = (long)(ttl.Ticks * factor);
            return TimeSpan.FromTicks(Math.Max(ticks, TimeSpan.TicksPerMillisecond));
        }

        /// <inheritdoc />
        public override string ToString() => Family;
    }

    /// <summary>Text helpers shared by the runtime types and generated code.</summary>
    internal static class CacheKeyText
    {
        internal static string Root(string? prefix, int version)
        {
            var builder = new StringBuilder();
            if (!string.IsNullOrEmpty(prefix))
            {
                builder.Append(prefix).Append(':');
            }

            if (version != 0)
            {
                builder.Append('v').Append(version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':');
            }

            return builder.ToString();
        }

        /// <summary>Replaces each <c>{placeholder}</c> with <c>*</c> and escapes the glob characters of the literal text.</summary>
        internal static string ToPattern(string family)
        {
            var builder = new StringBuilder(family.Length);
            for (var i = 0; i < family.Length; i++)
            {
                var c = family[i];
                if (c == '{')
                {
                    var close = family.IndexOf('}', i + 1);
                    if (close > i)
                    {
                        builder.Append('*');
                        i = close;
                        continue;
                    }
                }

                if (c is '*' or '?' or '[' or ']' or '\\')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            return builder.ToString();
        }
    }
}
