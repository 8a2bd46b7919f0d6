using System;
using System.Collections.Generic;

namespace CachingArchitect
{
    /// <summary>All keys of one <see cref="CacheKeySchemaAttribute"/> class, as the generated <c>Schema</c> property returns them.</summary>
    public sealed class CacheSchema
    {
        /// <summary>Creates the schema description. Generated code calls this once per schema class.</summary>
        public CacheSchema(string name, string? prefix, int version, IReadOnlyList<CacheKeyDefinition> keys)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Prefix = string.IsNullOrEmpty(prefix) ? null : prefix;
            Version = version;
            Keys = keys ?? throw new ArgumentNullException(nameof(keys));
            Root = CacheKeyText.Root(Prefix, version);
        }

        /// <summary>The full name of the schema class.</summary>
        public string Name { get; }

        /// <summary>The prefix, or null.</summary>
        public string? Prefix { get; }

        /// <summary>The version, 0 when not set.</summary>
        public int Version { get; }

        /// <summary>The start of every key of the schema (e.g. <c>shop:v2:</c>).</summary>
        public string Root { get; }

        /// <summary>The keys in declaration order.</summary>
        public IReadOnlyList<CacheKeyDefinition> Keys { get; }

        /// <summary>The key definition of the method named <paramref name="name"/>, or null.</summary>
        public CacheKeyDefinition? Find(string name)
        {
            foreach (var key in Keys)
            {
                if (string.Equals(key.Name, name, StringComparison.Ordinal))
                {
                    return key;
                }
            }

            return null;
        }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
