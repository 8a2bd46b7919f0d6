using System;

namespace CachingArchitect
{
    /// <summary>
    /// Declares one key of a <see cref="CacheKeySchemaAttribute"/> schema on a <c>static partial</c> method returning
    /// <see cref="CacheKey"/> or <see cref="CacheKey{TValue}"/>. Every <c>{placeholder}</c> of the template names a parameter
    /// of the method; the generator writes the body.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class CacheKeyAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="template">The key below the schema prefix and version, e.g. <c>user:{userId}:profile</c>.</param>
        public CacheKeyAttribute(string template)
        {
            Template = template;
        }

        /// <summary>The key below the schema prefix and version, with <c>{placeholder}</c>s naming the method's parameters.</summary>
        public string Template { get; }

        /// <summary>Time to live as a <see cref="TimeSpan"/> in invariant constant format (<c>[d.]hh:mm:ss[.fffffff]</c>, e.g. <c>00:15:00</c>).</summary>
        public string? Ttl { get; set; }

        /// <summary>Uniform jitter applied by <see cref="CacheKey.NextTimeToLive"/>, in percent of <see cref="Ttl"/> either way (0–50).</summary>
        public int JitterPercent { get; set; }

        /// <summary>How the data is kept fresh.</summary>
        public CacheStrategy Strategy { get; set; }

        /// <summary>The longest time a reader may see data older than its source, in the same format as <see cref="Ttl"/>.</summary>
        public string? MaxStaleness { get; set; }

        /// <summary>Why this TTL and staleness are acceptable; carried into the generated definitions and the TODO report.</summary>
        public string? Justification { get; set; }
    }
}
