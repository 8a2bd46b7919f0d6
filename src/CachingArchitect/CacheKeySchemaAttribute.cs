using System;

namespace CachingArchitect
{
    /// <summary>
    /// Marks a <c>static partial class</c> as a cache-key schema. Its <see cref="CacheKeyAttribute"/> methods are generated into
    /// typed key builders whose keys read <c>{Prefix}:v{Version}:{template}</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// [CacheKeySchema(Prefix = "shop", Version = 2)]
    /// public static partial class ShopKeys
    /// {
    ///     [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10)]
    ///     public static partial CacheKey UserProfile(int userId);
    /// }
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class CacheKeySchemaAttribute : Attribute
    {
        /// <summary>The application or bounded-context namespace that starts every key (e.g. <c>shop</c>). No prefix segment when null or empty.</summary>
        public string? Prefix { get; set; }

        /// <summary>
        /// The schema version, rendered as <c>v{Version}</c> after the prefix. Bump it to invalidate every key of the schema without
        /// downtime: new code reads and writes new keys while the old ones expire. No version segment when 0 (the default).
        /// </summary>
        public int Version { get; set; }
    }
}
