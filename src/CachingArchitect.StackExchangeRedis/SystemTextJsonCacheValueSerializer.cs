using System;
using System.Text.Json;

namespace CachingArchitect.StackExchangeRedis
{
    /// <summary>
    /// The default <see cref="ICacheValueSerializer"/>: UTF-8 JSON through System.Text.Json. Records, classes, structs,
    /// <see cref="decimal"/> and collections round-trip as System.Text.Json handles them; pass your own
    /// <see cref="JsonSerializerOptions"/> (for example with a source-generated <c>JsonSerializerContext</c> as
    /// <see cref="JsonSerializerOptions.TypeInfoResolver"/>, for trimming and speed).
    /// </summary>
    public sealed class SystemTextJsonCacheValueSerializer : ICacheValueSerializer
    {
        /// <summary>An instance with <see cref="JsonSerializerDefaults.Web"/> options (camelCase names, case-insensitive reads).</summary>
        public static SystemTextJsonCacheValueSerializer Default { get; } = new SystemTextJsonCacheValueSerializer();

        /// <summary>Creates a serializer.</summary>
        /// <param name="options">The options to use; <see cref="JsonSerializerDefaults.Web"/> options when null. Do not change them afterwards.</param>
        public SystemTextJsonCacheValueSerializer(JsonSerializerOptions? options = null)
        {
            Options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        }

        /// <summary>The options used for every value.</summary>
        public JsonSerializerOptions Options { get; }

        /// <inheritdoc />
        public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

        /// <inheritdoc />
        public T Deserialize<T>(ReadOnlyMemory<byte> data) => JsonSerializer.Deserialize<T>(data.Span, Options)!;
    }
}
