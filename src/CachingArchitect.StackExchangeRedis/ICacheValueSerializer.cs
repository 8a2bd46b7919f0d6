using System;

namespace CachingArchitect.StackExchangeRedis
{
    /// <summary>
    /// Turns cached values into the bytes stored in Redis and back. The helpers of <see cref="CacheKeyRedisExtensions"/> use
    /// <see cref="CacheKeyRedisExtensions.Serializer"/> (System.Text.Json by default) unless a serializer is passed to the call.
    /// Raw values — <see cref="string"/> and <see cref="T:byte[]"/> — never reach the serializer: they are stored as they are.
    /// </summary>
    public interface ICacheValueSerializer
    {
        /// <summary>Serializes <paramref name="value"/> (which may be null for reference types) to the bytes stored in Redis.</summary>
        /// <typeparam name="T">The declared value type of the key.</typeparam>
        /// <param name="value">The value to store.</param>
        /// <returns>The bytes to store; never null.</returns>
        byte[] Serialize<T>(T value);

        /// <summary>Reads a value written by <see cref="Serialize{T}(T)"/>.</summary>
        /// <typeparam name="T">The declared value type of the key.</typeparam>
        /// <param name="data">The bytes read from Redis.</param>
        /// <returns>The value; null only when a null value was stored.</returns>
        T Deserialize<T>(ReadOnlyMemory<byte> data);
    }
}
