using System;

namespace CachingArchitect
{
    /// <summary>
    /// A rendered cache key of a schema: the key string plus its <see cref="CacheKeyDefinition"/> (TTL, jitter, strategy,
    /// family). A struct, so building a key allocates only its string.
    /// </summary>
    public readonly struct CacheKey : IEquatable<CacheKey>
    {
        /// <summary>Creates a key. Generated code calls this; prefer the generated builder methods.</summary>
        public CacheKey(string value, CacheKeyDefinition definition)
        {
            Value = value ?? throw new ArgumentNullException(nameof(value));
            Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        }

        /// <summary>The key string (e.g. <c>shop:v2:user:42:profile</c>).</summary>
        public string Value { get; }

        /// <summary>The declaration this key was built from.</summary>
        public CacheKeyDefinition Definition { get; }

        /// <summary>The declared time to live; null when none was declared.</summary>
        public TimeSpan? TimeToLive => Definition?.TimeToLive;

        /// <summary>The family template (e.g. <c>shop:v2:user:{userId}:profile</c>).</summary>
        public string? Family => Definition?.Family;

        /// <summary>A Redis glob matching every key of the family (e.g. <c>shop:v2:user:*:profile</c>).</summary>
        public string? Pattern => Definition?.Pattern;

        /// <summary>How the data is kept fresh.</summary>
        public CacheStrategy Strategy => Definition?.Strategy ?? CacheStrategy.CacheAside;

        /// <summary>The longest acceptable staleness; null when not declared.</summary>
        public TimeSpan? MaxStaleness => Definition?.MaxStaleness;

        /// <summary>The TTL with uniform jitter of ±<see cref="CacheKeyDefinition.JitterPercent"/>; null when no TTL was declared.</summary>
        public TimeSpan? NextTimeToLive() => Definition?.NextTimeToLive();

        /// <summary>The key string.</summary>
        public static implicit operator string(CacheKey key) => key.Value;

        /// <inheritdoc />
        public bool Equals(CacheKey other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

        /// <summary>Compares two keys by their strings.</summary>
        public static bool operator ==(CacheKey left, CacheKey right) => left.Equals(right);

        /// <summary>Compares two keys by their strings.</summary>
        public static bool operator !=(CacheKey left, CacheKey right) => !left.Equals(right);

        /// <summary>The key string.</summary>
        public override string ToString() => Value ?? string.Empty;
    }

    /// <summary>A <see cref="CacheKey"/> that also names the type of the value stored under it, for typed helpers.</summary>
    /// <typeparam name="TValue">The type of the cached value.</typeparam>
    public readonly struct CacheKey<TValue> : IEquatable<CacheKey<TValue>>
    {
        /// <summary>Creates a key. Generated code calls this; prefer the generated builder methods.</summary>
        public CacheKey(string value, CacheKeyDefinition definition)
        {
            Value = value ?? throw new ArgumentNullException(nameof(value));
            Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        }

        /// <summary>The key string.</summary>
        public string Value { get; }

        /// <summary>The declaration this key was built from.</summary>
        public CacheKeyDefinition Definition { get; }

        /// <summary>The declared time to live; null when none was declared.</summary>
        public TimeSpan? TimeToLive => Definition?.TimeToLive;

        /// <summary>The family template.</summary>
        public string? Family => Definition?.Family;

        /// <summary>A Redis glob matching every key of the family.</summary>
        public string? Pattern => Definition?.Pattern;

        /// <summary>How the data is kept fresh.</summary>
        public CacheStrategy Strategy => Definition?.Strategy ?? CacheStrategy.CacheAside;

        /// <summary>The longest acceptable staleness; null when not declared.</summary>
        public TimeSpan? MaxStaleness => Definition?.MaxStaleness;

        /// <summary>The TTL with uniform jitter applied; null when no TTL was declared.</summary>
        public TimeSpan? NextTimeToLive() => Definition?.NextTimeToLive();

        /// <summary>The untyped key.</summary>
        public static implicit operator CacheKey(CacheKey<TValue> key) => new CacheKey(key.Value, key.Definition);

        /// <summary>The key string.</summary>
        public static implicit operator string(CacheKey<TValue> key) => key.Value;

        /// <inheritdoc />
        public bool Equals(CacheKey<TValue> other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is CacheKey<TValue> other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

        /// <summary>Compares two keys by their strings.</summary>
        public static bool operator ==(CacheKey<TValue> left, CacheKey<TValue> right) => left.Equals(right);

        /// <summary>Compares two keys by their strings.</summary>
        public static bool operator !=(CacheKey<TValue> left, CacheKey<TValue> right) => !left.Equals(right);

        /// <summary>The key string.</summary>
        public override string ToString() => Value ?? string.Empty;
    }
}
