namespace CachingArchitect.Analyzers.Tests.Infrastructure;

/// <summary>
/// EnyimMemcachedCore is not served on this machine's feed. This is a source stub of the public API the
/// analyzers bind to, under its real namespace and type names, compiled into an assembly named
/// <c>EnyimMemcachedCore</c> so the analyzers match it by metadata name exactly as the real package.
/// Signatures follow cnblogs/EnyimMemcachedCore (<c>IMemcachedClient</c>, <c>StoreMode</c>, <c>MemcachedClient</c>).
/// </summary>
internal static class EnyimMemcachedStub
{
    public const string AssemblyName = "EnyimMemcachedCore";

    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;

        namespace Enyim.Caching.Memcached
        {
            public enum StoreMode { Add = 1, Replace, Set }
            public interface IMemcachedNode { }
            public interface ITranscoder { }
            public interface IMemcachedKeyTransformer { string Transform(string key); }
            public class DefaultKeyTransformer : IMemcachedKeyTransformer { public string Transform(string key) => key; }
            public class SHA1KeyTransformer : IMemcachedKeyTransformer { public string Transform(string key) => key; }
            public class BinaryFormatterTranscoder : ITranscoder { }
            public struct CasResult<T> { public T Result { get; set; } public ulong Cas { get; set; } }
        }

        namespace Enyim.Caching.Memcached.Results
        {
            public interface IGetOperationResult<T> { bool Success { get; } T Value { get; } }
        }

        namespace Enyim.Caching
        {
            using Enyim.Caching.Memcached;
            using Enyim.Caching.Memcached.Results;

            public interface IMemcachedClient : IDisposable
            {
                bool Add(string key, object value, int cacheSeconds);
                bool Add(string key, object value, uint cacheSeconds);
                bool Add(string key, object value, TimeSpan timeSpan);
                Task<bool> AddAsync(string key, object value, int cacheSeconds);
                Task<bool> AddAsync(string key, object value, uint cacheSeconds);
                Task<bool> AddAsync(string key, object value, TimeSpan timeSpan);
                bool Set(string key, object value, int cacheSeconds);
                bool Set(string key, object value, uint cacheSeconds);
                bool Set(string key, object value, TimeSpan timeSpan);
                Task<bool> SetAsync(string key, object value, int cacheSeconds);
                Task<bool> SetAsync(string key, object value, uint cacheSeconds);
                Task<bool> SetAsync(string key, object value, TimeSpan timeSpan);
                bool Replace(string key, object value, int cacheSeconds);
                bool Replace(string key, object value, uint cacheSeconds);
                bool Replace(string key, object value, TimeSpan timeSpan);
                Task<bool> ReplaceAsync(string key, object value, int cacheSeconds);
                Task<bool> ReplaceAsync(string key, object value, uint cacheSeconds);
                Task<bool> ReplaceAsync(string key, object value, TimeSpan timeSpan);
                bool Store(StoreMode mode, string key, object value);
                bool Store(StoreMode mode, string key, object value, DateTime expiresAt);
                bool Store(StoreMode mode, string key, object value, TimeSpan validFor);
                Task<bool> StoreAsync(StoreMode mode, string key, object value, DateTime expiresAt);
                Task<bool> StoreAsync(StoreMode mode, string key, object value, TimeSpan validFor);
                CasResult<bool> Cas(StoreMode mode, string key, object value);
                CasResult<bool> Cas(StoreMode mode, string key, object value, ulong cas);
                CasResult<bool> Cas(StoreMode mode, string key, object value, TimeSpan validFor, ulong cas);
                CasResult<bool> Cas(StoreMode mode, string key, object value, DateTime expiresAt, ulong cas);
                object Get(string key);
                T Get<T>(string key);
                Task<IGetOperationResult<T>> GetAsync<T>(string key);
                Task<T> GetValueAsync<T>(string key);
                Task<T> GetValueOrCreateAsync<T>(string key, int cacheSeconds, Func<Task<T>> generator);
                bool TryGet(string key, out object value);
                IDictionary<string, T> Get<T>(IEnumerable<string> keys);
                bool Remove(string key);
                Task<bool> RemoveAsync(string key);
                void FlushAll();
                Task FlushAllAsync();
                ulong Increment(string key, ulong defaultValue, ulong delta);
                ulong Decrement(string key, ulong defaultValue, ulong delta);
                bool Touch(string key, DateTime expiresAt);
            }

            // Like the real client: IDistributedCache is implemented explicitly (stores exptime 0 without sliding expiration).
            public class MemcachedClient : IMemcachedClient, Microsoft.Extensions.Caching.Distributed.IDistributedCache
            {
                byte[] Microsoft.Extensions.Caching.Distributed.IDistributedCache.Get(string key) => null;
                Task<byte[]> Microsoft.Extensions.Caching.Distributed.IDistributedCache.GetAsync(string key, System.Threading.CancellationToken token) => Task.FromResult<byte[]>(null);
                void Microsoft.Extensions.Caching.Distributed.IDistributedCache.Set(string key, byte[] value, Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions options) { }
                Task Microsoft.Extensions.Caching.Distributed.IDistributedCache.SetAsync(string key, byte[] value, Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions options, System.Threading.CancellationToken token) => Task.CompletedTask;
                void Microsoft.Extensions.Caching.Distributed.IDistributedCache.Refresh(string key) { }
                Task Microsoft.Extensions.Caching.Distributed.IDistributedCache.RefreshAsync(string key, System.Threading.CancellationToken token) => Task.CompletedTask;
                void Microsoft.Extensions.Caching.Distributed.IDistributedCache.Remove(string key) { }
                Task Microsoft.Extensions.Caching.Distributed.IDistributedCache.RemoveAsync(string key, System.Threading.CancellationToken token) => Task.CompletedTask;
                public bool Add(string key, object value, int cacheSeconds) => true;
                public bool Add(string key, object value, uint cacheSeconds) => true;
                public bool Add(string key, object value, TimeSpan timeSpan) => true;
                public Task<bool> AddAsync(string key, object value, int cacheSeconds) => Task.FromResult(true);
                public Task<bool> AddAsync(string key, object value, uint cacheSeconds) => Task.FromResult(true);
                public Task<bool> AddAsync(string key, object value, TimeSpan timeSpan) => Task.FromResult(true);
                public bool Set(string key, object value, int cacheSeconds) => true;
                public bool Set(string key, object value, uint cacheSeconds) => true;
                public bool Set(string key, object value, TimeSpan timeSpan) => true;
                public Task<bool> SetAsync(string key, object value, int cacheSeconds) => Task.FromResult(true);
                public Task<bool> SetAsync(string key, object value, uint cacheSeconds) => Task.FromResult(true);
                public Task<bool> SetAsync(string key, object value, TimeSpan timeSpan) => Task.FromResult(true);
                public bool Replace(string key, object value, int cacheSeconds) => true;
                public bool Replace(string key, object value, uint cacheSeconds) => true;
                public bool Replace(string key, object value, TimeSpan timeSpan) => true;
                public Task<bool> ReplaceAsync(string key, object value, int cacheSeconds) => Task.FromResult(true);
                public Task<bool> ReplaceAsync(string key, object value, uint cacheSeconds) => Task.FromResult(true);
                public Task<bool> ReplaceAsync(string key, object value, TimeSpan timeSpan) => Task.FromResult(true);
                public bool Store(StoreMode mode, string key, object value) => true;
                public bool Store(StoreMode mode, string key, object value, DateTime expiresAt) => true;
                public bool Store(StoreMode mode, string key, object value, TimeSpan validFor) => true;
                public Task<bool> StoreAsync(StoreMode mode, string key, object value, DateTime expiresAt) => Task.FromResult(true);
                public Task<bool> StoreAsync(StoreMode mode, string key, object value, TimeSpan validFor) => Task.FromResult(true);
                public CasResult<bool> Cas(StoreMode mode, string key, object value) => default;
                public CasResult<bool> Cas(StoreMode mode, string key, object value, ulong cas) => default;
                public CasResult<bool> Cas(StoreMode mode, string key, object value, TimeSpan validFor, ulong cas) => default;
                public CasResult<bool> Cas(StoreMode mode, string key, object value, DateTime expiresAt, ulong cas) => default;
                public object Get(string key) => null;
                public T Get<T>(string key) => default;
                public Task<IGetOperationResult<T>> GetAsync<T>(string key) => Task.FromResult<IGetOperationResult<T>>(null);
                public Task<T> GetValueAsync<T>(string key) => Task.FromResult<T>(default);
                public Task<T> GetValueOrCreateAsync<T>(string key, int cacheSeconds, Func<Task<T>> generator) => generator();
                public bool TryGet(string key, out object value) { value = null; return false; }
                public IDictionary<string, T> Get<T>(IEnumerable<string> keys) => null;
                public bool Remove(string key) => true;
                public Task<bool> RemoveAsync(string key) => Task.FromResult(true);
                public void FlushAll() { }
                public Task FlushAllAsync() => Task.CompletedTask;
                public ulong Increment(string key, ulong defaultValue, ulong delta) => 0;
                public ulong Decrement(string key, ulong defaultValue, ulong delta) => 0;
                public bool Touch(string key, DateTime expiresAt) => true;
                public void Dispose() { }
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class EnyimMemcachedServiceCollectionExtensions
            {
                public static IServiceCollection AddEnyimMemcached(this IServiceCollection services, Action<object> setupAction = null) => services;
            }
        }
        """;
}
