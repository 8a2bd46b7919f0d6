namespace CachingArchitect.Generators.Tests.Infrastructure;

/// <summary>Schema sources shared by the tests.</summary>
public static class Sources
{
    /// <summary>The example of issue 5, verbatim, in a file-scoped namespace.</summary>
    public const string ShopKeys =
        """
        using CachingArchitect;

        namespace Shop.Caching;

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10,
                      Strategy = CacheStrategy.CacheAside, MaxStaleness = "00:01:00",
                      Justification = "Profile edits are rare; one minute of staleness is acceptable.")]
            public static partial CacheKey UserProfile(int userId);

            [CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]
            public static partial CacheKey<decimal> ProductPrice(long productId);
        }

        """;

    /// <summary>Every formatting kind, string parts with and without a bound, a constant key, a typed key.</summary>
    public const string TypedParts =
        """
        using System;
        using CachingArchitect;

        namespace Shop.Caching
        {
            public enum Tier { Free = 0, Gold = 7 }

            public sealed record Money(decimal Amount, string Currency);

            [CacheKeySchema(Prefix = "shop", Version = 3)]
            internal static partial class PartKeys
            {
                [CacheKey("tenant:{tenantId}:user:{userName}:cart", Ttl = "00:05:00", JitterPercent = 20)]
                public static partial CacheKey Cart(Guid tenantId, [CacheKeyPart(MaxLength = 64)] string userName);

                [CacheKey("search:{term}", Ttl = "00:01:00")]
                internal static partial CacheKey Search(string term);

                [CacheKey("tier:{tier}:day:{day}:flag:{flag}:grade:{grade}", Ttl = "1.00:00:00")]
                public static partial CacheKey<Money[]> Daily(Tier tier, DateOnly day, bool flag, char grade);

                [CacheKey("at:{when}:{offset}:n:{count}:d:{ratio}", Ttl = "00:10:00")]
                public static partial CacheKey<string?> Moments(DateTime when, DateTimeOffset offset, int? count, double ratio);

                [CacheKey("config:all", Ttl = "12:00:00", Strategy = CacheStrategy.ReadThrough)]
                public static partial CacheKey<Money> AllConfig();

                [CacheKey("money:{money}:{tier}", Ttl = "00:10:00")]
                public static partial CacheKey Priced(Money money, Tier? tier);
            }
        }

        """;

    /// <summary>Nested containing types, block namespace, a generic outer type, keyword-named parameters.</summary>
    public const string Nested =
        """
        using CachingArchitect;

        namespace Company.Product.Caching
        {
            public partial class Outer
            {
                internal partial record struct Middle
                {
                    [CacheKeySchema(Prefix = "nested", Version = 1)]
                    public static partial class Keys
                    {
                        [CacheKey("order:{class}:{id}", Ttl = "00:02:00", Strategy = CacheStrategy.WriteThrough)]
                        public static partial CacheKey Order(int @class, long id);
                    }
                }
            }

            public partial class Generic<T>
            {
                [CacheKeySchema(Prefix = "gen")]
                internal static partial class Keys
                {
                    [CacheKey("item:{id}", Ttl = "00:02:00")]
                    internal static partial CacheKey<T> Item(int id);
                }
            }
        }

        """;

    /// <summary>The global namespace, no prefix and no version.</summary>
    public const string Bare =
        """
        using CachingArchitect;

        [CacheKeySchema]
        public static partial class BareKeys
        {
            [CacheKey("session:{sessionId}")]
            public static partial CacheKey Session(long sessionId);

            [CacheKey("motd")]
            public static partial CacheKey MessageOfTheDay();
        }

        """;
}
