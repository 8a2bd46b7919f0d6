using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace CachingArchitect.StackExchangeRedis
{
    /// <summary>
    /// The result of <see cref="CacheKeyRedisExtensions.Get{T}(StackExchange.Redis.IDatabase, CacheKey{T}, StackExchange.Redis.CommandFlags, ICacheValueSerializer?)"/>:
    /// tells a miss (no entry) from a hit whose stored value is the default of <typeparamref name="T"/> (0, false, or a stored null).
    /// </summary>
    /// <typeparam name="T">The value type of the key.</typeparam>
    public readonly struct CacheLookup<T> : IEquatable<CacheLookup<T>>
    {
        private readonly T value;

        private CacheLookup(T value)
        {
            this.value = value;
            Found = true;
        }

        /// <summary>A miss.</summary>
        public static CacheLookup<T> Miss => default;

        /// <summary>A hit with <paramref name="value"/>.</summary>
        /// <param name="value">The cached value.</param>
        /// <returns>The hit.</returns>
        public static CacheLookup<T> Hit(T value) => new CacheLookup<T>(value);

        /// <summary>True when the key had an entry (even one holding a default or null value).</summary>
        public bool Found { get; }

        /// <summary>The cached value. Throws <see cref="InvalidOperationException"/> on a miss: check <see cref="Found"/> first, or use <see cref="TryGetValue"/>.</summary>
        public T Value => Found ? value : throw new InvalidOperationException("The cache lookup was a miss: check Found (or use TryGetValue / GetValueOrDefault) before reading Value.");

        /// <summary>The cached value, or the default of <typeparamref name="T"/> on a miss.</summary>
        /// <returns>The value or default.</returns>
        public T? GetValueOrDefault() => Found ? value : default;

        /// <summary>The cached value, or <paramref name="defaultValue"/> on a miss.</summary>
        /// <param name="defaultValue">The value to return on a miss.</param>
        /// <returns>The value or <paramref name="defaultValue"/>.</returns>
        public T GetValueOrDefault(T defaultValue) => Found ? value : defaultValue;

        /// <summary>Gets the cached value.</summary>
        /// <param name="result">The cached value on a hit; default on a miss.</param>
        /// <returns><see cref="Found"/>.</returns>
        public bool TryGetValue([MaybeNullWhen(false)] out T result)
        {
            result = value;
            return Found;
        }

        /// <summary>Deconstructs into <see cref="Found"/> and the value (default on a miss).</summary>
        /// <param name="found">Whether the key had an entry.</param>
        /// <param name="result">The value; default on a miss.</param>
        public void Deconstruct(out bool found, out T? result)
        {
            found = Found;
            result = value;
        }

        /// <inheritdoc />
        public bool Equals(CacheLookup<T> other) => Found == other.Found && EqualityComparer<T>.Default.Equals(value, other.value);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is CacheLookup<T> other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => Found ? (value is null ? 1 : value.GetHashCode() ^ 1) : 0;

        /// <summary>Compares two lookups.</summary>
        /// <param name="left">The first lookup.</param>
        /// <param name="right">The second lookup.</param>
        /// <returns>True when both are misses or both are hits with equal values.</returns>
        public static bool operator ==(CacheLookup<T> left, CacheLookup<T> right) => left.Equals(right);

        /// <summary>Compares two lookups.</summary>
        /// <param name="left">The first lookup.</param>
        /// <param name="right">The second lookup.</param>
        /// <returns>True when they differ.</returns>
        public static bool operator !=(CacheLookup<T> left, CacheLookup<T> right) => !left.Equals(right);

        /// <inheritdoc />
        public override string ToString() => Found ? $"Hit({value})" : "Miss";
    }
}
