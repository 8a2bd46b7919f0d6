using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CachingArchitect.StackExchangeRedis
{
    /// <summary>
    /// <b>Operations tools</b> for a Redis keyspace that holds schema keys. Not for request paths: these methods walk the
    /// whole keyspace of every primary with <c>SCAN</c> (cost grows with the total number of keys, not with the family), which
    /// is exactly what CACHE040 warns about in application code. Run them from an admin job, a migration step or a console.
    /// </summary>
    /// <remarks>
    /// The normal way to invalidate a whole family is to bump the schema's <see cref="CacheKeySchemaAttribute.Version"/>:
    /// new code reads and writes <c>…:v3:…</c> keys at once (zero downtime) while the <c>…:v2:…</c> keys expire by their TTL.
    /// Use <see cref="DeleteFamilyAsync(IConnectionMultiplexer, CacheKeyDefinition, int, int, CancellationToken)"/> only when
    /// the memory must be freed before the TTL runs out, or when entries must go now (for example data that must not be served
    /// any more).
    /// </remarks>
    public static class RedisCacheAdministration
    {
        private const int MaxBatchSize = 10_000;

        /// <summary>
        /// Deletes every key of the family of <paramref name="family"/> (its <see cref="CacheKeyDefinition.Pattern"/>, e.g.
        /// <c>shop:v2:user:*:profile</c>) from every connected primary: cursor-based <c>SCAN MATCH pattern COUNT batchSize</c>
        /// on each primary (replicas are skipped), deleting in batches of <paramref name="batchSize"/> with <c>UNLINK</c>
        /// (<c>DEL</c> before Redis 4). Operations tool only — see the class remarks.
        /// </summary>
        /// <param name="redis">The connection.</param>
        /// <param name="family">The key definition whose family is deleted (other versions of it are not touched).</param>
        /// <param name="batchSize">Keys per <c>SCAN</c> page and per delete command (1–10,000).</param>
        /// <param name="database">The database; -1 for the connection's default database.</param>
        /// <param name="cancellationToken">Stops between batches; keys already deleted stay deleted.</param>
        /// <returns>The number of keys deleted.</returns>
        public static Task<long> DeleteFamilyAsync(IConnectionMultiplexer redis, CacheKeyDefinition family, int batchSize = 250, int database = -1, CancellationToken cancellationToken = default)
        {
            if (family is null)
            {
                throw new ArgumentNullException(nameof(family));
            }

            return DeleteByPatternAsync(redis, family.Pattern, batchSize, database, cancellationToken);
        }

        /// <summary>
        /// Deletes every key of the family of <paramref name="key"/> (its <see cref="CacheKey.Pattern"/>), not just the key itself.
        /// Operations tool only; see <see cref="DeleteFamilyAsync(IConnectionMultiplexer, CacheKeyDefinition, int, int, CancellationToken)"/>.
        /// </summary>
        /// <param name="redis">The connection.</param>
        /// <param name="key">Any key of the family.</param>
        /// <param name="batchSize">Keys per <c>SCAN</c> page and per delete command (1–10,000).</param>
        /// <param name="database">The database; -1 for the connection's default database.</param>
        /// <param name="cancellationToken">Stops between batches.</param>
        /// <returns>The number of keys deleted.</returns>
        public static Task<long> DeleteFamilyAsync(IConnectionMultiplexer redis, CacheKey key, int batchSize = 250, int database = -1, CancellationToken cancellationToken = default)
        {
            if (key.Definition is null)
            {
                throw new ArgumentException("The key is default(CacheKey): build keys with the generated key-schema methods.", nameof(key));
            }

            return DeleteFamilyAsync(redis, key.Definition, batchSize, database, cancellationToken);
        }

        /// <summary>
        /// Deletes every key matching the Redis glob <paramref name="pattern"/> (for example <c>shop:v2:*</c>, every key of
        /// version 2 of a schema after a bump) from every connected primary, as
        /// <see cref="DeleteFamilyAsync(IConnectionMultiplexer, CacheKeyDefinition, int, int, CancellationToken)"/> does.
        /// The pattern must start with a literal part (a prefix such as <c>shop:</c>): a pattern starting with a glob character
        /// would delete unrelated keys and is refused. Operations tool only — see the class remarks.
        /// </summary>
        /// <param name="redis">The connection.</param>
        /// <param name="pattern">A Redis glob (<c>*</c>, <c>?</c>, <c>[…]</c>, <c>\</c> escapes) with a literal start.</param>
        /// <param name="batchSize">Keys per <c>SCAN</c> page and per delete command (1–10,000).</param>
        /// <param name="database">The database; -1 for the connection's default database.</param>
        /// <param name="cancellationToken">Stops between batches.</param>
        /// <returns>The number of keys deleted.</returns>
        public static async Task<long> DeleteByPatternAsync(IConnectionMultiplexer redis, string pattern, int batchSize = 250, int database = -1, CancellationToken cancellationToken = default)
        {
            if (redis is null)
            {
                throw new ArgumentNullException(nameof(redis));
            }

            CheckPattern(pattern);
            if (batchSize < 1 || batchSize > MaxBatchSize)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"The batch size must be between 1 and {MaxBatchSize}.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var db = redis.GetDatabase(database);
            var primaries = redis.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
            if (primaries.Count == 0)
            {
                throw new InvalidOperationException("No connected Redis primary: nothing was deleted.");
            }

            long deleted = 0;
            var batch = new List<RedisKey>(batchSize);
            foreach (var server in primaries)
            {
                var cluster = server.ServerType == ServerType.Cluster;
                var unlink = server.Features.Unlink;

                // KeysAsync pages with SCAN (cursor-based, COUNT = pageSize); deleting the keys already returned is safe for SCAN.
                await foreach (var key in server.KeysAsync(database, pattern, batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    batch.Add(key);
                    if (batch.Count >= batchSize)
                    {
                        deleted += await DeleteBatchAsync(redis, db, batch, cluster, unlink).ConfigureAwait(false);
                        batch.Clear();
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }

                if (batch.Count > 0)
                {
                    deleted += await DeleteBatchAsync(redis, db, batch, cluster, unlink).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            return deleted;
        }

        private static async Task<long> DeleteBatchAsync(IConnectionMultiplexer redis, IDatabaseAsync db, List<RedisKey> batch, bool cluster, bool unlink)
        {
            if (!cluster)
            {
                return await DeleteAsync(db, batch, unlink).ConfigureAwait(false);
            }

            // A multi-key command in a cluster must stay within one hash slot.
            long deleted = 0;
            foreach (var slot in batch.GroupBy(redis.HashSlot))
            {
                deleted += await DeleteAsync(db, slot.ToList(), unlink).ConfigureAwait(false);
            }

            return deleted;
        }

        private static async Task<long> DeleteAsync(IDatabaseAsync db, List<RedisKey> keys, bool unlink)
        {
            if (unlink)
            {
                // UNLINK frees the memory in the background (Redis 4+); the keys route the command to the slot's primary.
                var args = new object[keys.Count];
                for (var i = 0; i < keys.Count; i++)
                {
                    args[i] = keys[i];
                }

                var result = await db.ExecuteAsync("UNLINK", args, CommandFlags.DemandMaster).ConfigureAwait(false);
                return (long)result;
            }

            return await db.KeyDeleteAsync(keys.ToArray(), CommandFlags.DemandMaster).ConfigureAwait(false);
        }

        private static void CheckPattern(string pattern)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                throw new ArgumentException("The pattern is empty.", nameof(pattern));
            }

            var first = pattern[0];
            if (first is '*' or '?' or '[')
            {
                throw new ArgumentException(
                    $"The pattern '{pattern}' starts with a glob character and could match unrelated keys; family deletion needs a literal start (a schema prefix such as 'shop:').",
                    nameof(pattern));
            }
        }
    }
}
