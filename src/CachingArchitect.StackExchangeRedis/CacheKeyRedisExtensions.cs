using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CachingArchitect.StackExchangeRedis
{
    /// <summary>
    /// Uses the keys of a CachingArchitect key schema with StackExchange.Redis: <see cref="AsRedisKey(CacheKey)"/>, and typed
    /// helpers on <see cref="IDatabase"/> / <see cref="IDatabaseAsync"/> that <b>always</b> write with the key's declared TTL
    /// and jitter (<see cref="CacheKey.NextTimeToLive"/>), so entries written together do not expire together. A key that
    /// declares no TTL is written without expiry (CACHE084 reports such a declaration).
    /// </summary>
    /// <remarks>
    /// <para>Values go through <see cref="Serializer"/> (System.Text.Json by default) or the serializer passed to the call;
    /// <see cref="string"/> and <see cref="T:byte[]"/> values are stored as they are (raw), never as JSON, and must not be null.</para>
    /// <para>Reads return <see cref="CacheLookup{T}"/>, which tells a miss from a stored default value.</para>
    /// <para><c>GetOrSet</c>/<c>GetOrSetAsync</c> are plain cache-aside: on a miss the factory runs and its result is written.
    /// They do not coordinate concurrent callers: on a miss of a hot key every caller that misses at the same time (in this
    /// process and in every other instance) runs the factory. For hot keys use HybridCache or FusionCache (stampede
    /// protection, a local tier) or a distributed lock. Analyzer rule CACHE032 reports a call whose factory performs I/O.</para>
    /// </remarks>
    public static class CacheKeyRedisExtensions
    {
        private static ICacheValueSerializer serializer = SystemTextJsonCacheValueSerializer.Default;

        /// <summary>
        /// The serializer used when a call passes none. Defaults to <see cref="SystemTextJsonCacheValueSerializer.Default"/>.
        /// Set it once at start-up (for example to a <see cref="SystemTextJsonCacheValueSerializer"/> with your options).
        /// </summary>
        public static ICacheValueSerializer Serializer
        {
            get => Volatile.Read(ref serializer);
            set => Volatile.Write(ref serializer, value ?? throw new ArgumentNullException(nameof(value)));
        }

        // ---- Keys ------------------------------------------------------------------------------------------------------

        /// <summary>The key as a <see cref="RedisKey"/> (its <see cref="CacheKey.Value"/>). Remember the TTL: prefer the typed helpers for writes.</summary>
        /// <param name="key">The schema key.</param>
        /// <returns>The Redis key.</returns>
        public static RedisKey AsRedisKey(this CacheKey key) => Text(key.Value);

        /// <summary>The key as a <see cref="RedisKey"/> (its <see cref="CacheKey{TValue}.Value"/>). Remember the TTL: prefer the typed helpers for writes.</summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="key">The schema key.</param>
        /// <returns>The Redis key.</returns>
        public static RedisKey AsRedisKey<T>(this CacheKey<T> key) => Text(key.Value);

        // ---- Set -------------------------------------------------------------------------------------------------------

        /// <summary>Writes <paramref name="value"/> under <paramref name="key"/> with the key's TTL and jitter (<c>SET key value PX ttl</c>).</summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="value">The value; raw <see cref="string"/>/<see cref="T:byte[]"/> values must not be null.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>True when the value was set.</returns>
        [OverloadResolutionPriority(1)]
        public static bool Set<T>(this IDatabase db, CacheKey<T> key, T value, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            return db.StringSet(Text(key.Value), Encode(value, serializer, nameof(value)), key.NextTimeToLive(), When.Always, flags);
        }

        /// <summary>Writes <paramref name="value"/> under an untyped <paramref name="key"/> with the key's TTL and jitter.</summary>
        /// <typeparam name="T">The type of the value.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="value">The value; raw <see cref="string"/>/<see cref="T:byte[]"/> values must not be null.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>True when the value was set.</returns>
        public static bool Set<T>(this IDatabase db, CacheKey key, T value, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            return db.StringSet(Text(key.Value), Encode(value, serializer, nameof(value)), key.NextTimeToLive(), When.Always, flags);
        }

        /// <summary>Writes <paramref name="value"/> under <paramref name="key"/> with the key's TTL and jitter.</summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="value">The value; raw <see cref="string"/>/<see cref="T:byte[]"/> values must not be null.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>True when the value was set.</returns>
        [OverloadResolutionPriority(1)]
        public static Task<bool> SetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, T value, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            return db.StringSetAsync(Text(key.Value), Encode(value, serializer, nameof(value)), key.NextTimeToLive(), When.Always, flags);
        }

        /// <summary>Writes <paramref name="value"/> under an untyped <paramref name="key"/> with the key's TTL and jitter.</summary>
        /// <typeparam name="T">The type of the value.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="value">The value; raw <see cref="string"/>/<see cref="T:byte[]"/> values must not be null.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>True when the value was set.</returns>
        public static Task<bool> SetAsync<T>(this IDatabaseAsync db, CacheKey key, T value, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            return db.StringSetAsync(Text(key.Value), Encode(value, serializer, nameof(value)), key.NextTimeToLive(), When.Always, flags);
        }

        // ---- Get -------------------------------------------------------------------------------------------------------

        /// <summary>Reads the value under <paramref name="key"/> (<c>GET</c>).</summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>A miss, or a hit with the value (which may be a stored default).</returns>
        [OverloadResolutionPriority(1)]
        public static CacheLookup<T> Get<T>(this IDatabase db, CacheKey<T> key, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            return Decode<T>(db.StringGet(Text(key.Value), flags), serializer);
        }

        /// <summary>Reads the value of type <typeparamref name="T"/> under an untyped <paramref name="key"/>.</summary>
        /// <typeparam name="T">The type of the value.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>A miss, or a hit with the value.</returns>
        public static CacheLookup<T> Get<T>(this IDatabase db, CacheKey key, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            return Decode<T>(db.StringGet(Text(key.Value), flags), serializer);
        }

        /// <summary>Reads the value under <paramref name="key"/>.</summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>A miss, or a hit with the value (which may be a stored default).</returns>
        [OverloadResolutionPriority(1)]
        public static async Task<CacheLookup<T>> GetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            var redisKey = Text(key.Value);
            return Decode<T>(await db.StringGetAsync(redisKey, flags).ConfigureAwait(false), serializer);
        }

        /// <summary>Reads the value of type <typeparamref name="T"/> under an untyped <paramref name="key"/>.</summary>
        /// <typeparam name="T">The type of the value.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="flags">Command flags.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>A miss, or a hit with the value.</returns>
        public static async Task<CacheLookup<T>> GetAsync<T>(this IDatabaseAsync db, CacheKey key, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(db, nameof(db));
            var redisKey = Text(key.Value);
            return Decode<T>(await db.StringGetAsync(redisKey, flags).ConfigureAwait(false), serializer);
        }

        // ---- GetOrSet --------------------------------------------------------------------------------------------------

        /// <summary>
        /// Cache-aside in one call: returns the cached value on a hit; on a miss runs <paramref name="factory"/>, writes its result
        /// with the key's TTL and jitter, and returns it. No stampede protection (see the class remarks).
        /// </summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="factory">Loads the value from the source on a miss. A null raw (<see cref="string"/>/<see cref="T:byte[]"/>) result is returned but not cached.</param>
        /// <param name="flags">Command flags for the read and the write; <see cref="CommandFlags.FireAndForget"/> applies to the write only.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>The cached or loaded value.</returns>
        [OverloadResolutionPriority(1)]
        public static T GetOrSet<T>(this IDatabase db, CacheKey<T> key, Func<T> factory, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
            => GetOrSetCore(db, Text(key.Value), key.Definition, factory, flags, serializer);

        /// <summary>Cache-aside in one call for an untyped <paramref name="key"/>; see <see cref="GetOrSet{T}(IDatabase, CacheKey{T}, Func{T}, CommandFlags, ICacheValueSerializer?)"/>.</summary>
        /// <typeparam name="T">The type of the value.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="factory">Loads the value from the source on a miss.</param>
        /// <param name="flags">Command flags; <see cref="CommandFlags.FireAndForget"/> applies to the write only.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>The cached or loaded value.</returns>
        public static T GetOrSet<T>(this IDatabase db, CacheKey key, Func<T> factory, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
            => GetOrSetCore(db, Text(key.Value), key.Definition, factory, flags, serializer);

        /// <summary>
        /// Cache-aside in one call: returns the cached value on a hit; on a miss awaits <paramref name="factory"/>, writes its
        /// result with the key's TTL and jitter, and returns it. No stampede protection (see the class remarks).
        /// </summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="factory">Loads the value from the source on a miss; receives <paramref name="cancellationToken"/>.</param>
        /// <param name="flags">Command flags; <see cref="CommandFlags.FireAndForget"/> applies to the write only.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <param name="cancellationToken">Cancels before the read and is passed to the factory (Redis commands themselves are not cancellable).</param>
        /// <returns>The cached or loaded value.</returns>
        [OverloadResolutionPriority(1)]
        public static Task<T> GetOrSetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, Func<CancellationToken, Task<T>> factory, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null, CancellationToken cancellationToken = default)
            => GetOrSetCoreAsync(db, Text(key.Value), key.Definition, factory, flags, serializer, cancellationToken);

        /// <summary>Cache-aside in one call for an untyped <paramref name="key"/>; see the typed overload.</summary>
        /// <typeparam name="T">The type of the value.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="factory">Loads the value from the source on a miss; receives <paramref name="cancellationToken"/>.</param>
        /// <param name="flags">Command flags; <see cref="CommandFlags.FireAndForget"/> applies to the write only.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <param name="cancellationToken">Cancels before the read and is passed to the factory.</param>
        /// <returns>The cached or loaded value.</returns>
        public static Task<T> GetOrSetAsync<T>(this IDatabaseAsync db, CacheKey key, Func<CancellationToken, Task<T>> factory, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null, CancellationToken cancellationToken = default)
            => GetOrSetCoreAsync(db, Text(key.Value), key.Definition, factory, flags, serializer, cancellationToken);

        /// <summary>Cache-aside in one call with a factory that takes no token; see the other overloads.</summary>
        /// <typeparam name="T">The value type of the key.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="factory">Loads the value from the source on a miss.</param>
        /// <param name="flags">Command flags; <see cref="CommandFlags.FireAndForget"/> applies to the write only.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>The cached or loaded value.</returns>
        [OverloadResolutionPriority(1)]
        public static Task<T> GetOrSetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, Func<Task<T>> factory, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(factory, nameof(factory));
            return GetOrSetCoreAsync(db, Text(key.Value), key.Definition, _ => factory(), flags, serializer, CancellationToken.None);
        }

        /// <summary>Cache-aside in one call for an untyped <paramref name="key"/> with a factory that takes no token.</summary>
        /// <typeparam name="T">The type of the value.</typeparam>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="factory">Loads the value from the source on a miss.</param>
        /// <param name="flags">Command flags; <see cref="CommandFlags.FireAndForget"/> applies to the write only.</param>
        /// <param name="serializer">The serializer; <see cref="Serializer"/> when null.</param>
        /// <returns>The cached or loaded value.</returns>
        public static Task<T> GetOrSetAsync<T>(this IDatabaseAsync db, CacheKey key, Func<Task<T>> factory, CommandFlags flags = CommandFlags.None, ICacheValueSerializer? serializer = null)
        {
            NotNull(factory, nameof(factory));
            return GetOrSetCoreAsync(db, Text(key.Value), key.Definition, _ => factory(), flags, serializer, CancellationToken.None);
        }

        // ---- Remove ----------------------------------------------------------------------------------------------------

        /// <summary>Deletes the entry under <paramref name="key"/> (<c>DEL</c>). A <see cref="CacheKey{TValue}"/> converts to <see cref="CacheKey"/>.</summary>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="flags">Command flags.</param>
        /// <returns>True when an entry was removed.</returns>
        public static bool Remove(this IDatabase db, CacheKey key, CommandFlags flags = CommandFlags.None)
        {
            NotNull(db, nameof(db));
            return db.KeyDelete(Text(key.Value), flags);
        }

        /// <summary>Deletes the entry under <paramref name="key"/> (<c>DEL</c>). A <see cref="CacheKey{TValue}"/> converts to <see cref="CacheKey"/>.</summary>
        /// <param name="db">The database.</param>
        /// <param name="key">The schema key.</param>
        /// <param name="flags">Command flags.</param>
        /// <returns>True when an entry was removed.</returns>
        public static Task<bool> RemoveAsync(this IDatabaseAsync db, CacheKey key, CommandFlags flags = CommandFlags.None)
        {
            NotNull(db, nameof(db));
            return db.KeyDeleteAsync(Text(key.Value), flags);
        }

        // ---- Implementation --------------------------------------------------------------------------------------------

        private static T GetOrSetCore<T>(IDatabase db, RedisKey key, CacheKeyDefinition definition, Func<T> factory, CommandFlags flags, ICacheValueSerializer? serializer)
        {
            NotNull(db, nameof(db));
            NotNull(factory, nameof(factory));
            var lookup = Decode<T>(db.StringGet(key, ReadFlags(flags)), serializer);
            if (lookup.Found)
            {
                return lookup.Value;
            }

            var value = factory();
            if (TryEncode(value, serializer, out var encoded))
            {
                db.StringSet(key, encoded, definition.NextTimeToLive(), When.Always, flags);
            }

            return value;
        }

        private static async Task<T> GetOrSetCoreAsync<T>(IDatabaseAsync db, RedisKey key, CacheKeyDefinition definition, Func<CancellationToken, Task<T>> factory, CommandFlags flags, ICacheValueSerializer? serializer, CancellationToken cancellationToken)
        {
            NotNull(db, nameof(db));
            NotNull(factory, nameof(factory));
            cancellationToken.ThrowIfCancellationRequested();
            var lookup = Decode<T>(await db.StringGetAsync(key, ReadFlags(flags)).ConfigureAwait(false), serializer);
            if (lookup.Found)
            {
                return lookup.Value;
            }

            var value = await factory(cancellationToken).ConfigureAwait(false);
            if (TryEncode(value, serializer, out var encoded))
            {
                await db.StringSetAsync(key, encoded, definition.NextTimeToLive(), When.Always, flags).ConfigureAwait(false);
            }

            return value;
        }

        /// <summary>Reads never fire-and-forget: the caller needs the answer.</summary>
        private static CommandFlags ReadFlags(CommandFlags flags) => flags & ~CommandFlags.FireAndForget;

        private static RedisKey Text(string? value)
        {
            if (value is null)
            {
                throw new ArgumentException("The key is default(CacheKey): build keys with the generated key-schema methods.", "key");
            }

            return value;
        }

        private static void NotNull(object? value, string name)
        {
            if (value is null)
            {
                throw new ArgumentNullException(name);
            }
        }

        private static RedisValue Encode<T>(T value, ICacheValueSerializer? custom, string parameterName)
        {
            if (!TryEncode(value, custom, out var encoded))
            {
                throw new ArgumentNullException(parameterName, "A raw string or byte[] value cannot be null: Redis would store an empty value that reads back as \"\" (remove the key instead).");
            }

            return encoded;
        }

        /// <summary>False only for a null raw value (string or byte[]), which is not stored.</summary>
        private static bool TryEncode<T>(T value, ICacheValueSerializer? custom, out RedisValue encoded)
        {
            if (typeof(T) == typeof(string))
            {
                var text = (string?)(object?)value;
                encoded = text;
                return text is not null;
            }

            if (typeof(T) == typeof(byte[]))
            {
                var bytes = (byte[]?)(object?)value;
                encoded = bytes;
                return bytes is not null;
            }

            encoded = (custom ?? Serializer).Serialize(value);
            return true;
        }

        private static CacheLookup<T> Decode<T>(RedisValue stored, ICacheValueSerializer? custom)
        {
            if (stored.IsNull)
            {
                return CacheLookup<T>.Miss;
            }

            if (typeof(T) == typeof(string))
            {
                return CacheLookup<T>.Hit((T)(object)(string)stored!);
            }

            if (typeof(T) == typeof(byte[]))
            {
                return CacheLookup<T>.Hit((T)(object)(byte[])stored!);
            }

            return CacheLookup<T>.Hit((custom ?? Serializer).Deserialize<T>((ReadOnlyMemory<byte>)stored));
        }
    }
}
