using CachingArchitect.Sample.Caching;
using CachingArchitect.Sample.Data;
using CachingArchitect.Sample.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

// The Redis connection string comes from configuration: appsettings "ConnectionStrings:Redis" or the environment variable
// ConnectionStrings__Redis (bash build/run-sample.sh --run sets it). abortConnect=false: the app starts even when Redis
// is down and reconnects in the background; Redis-backed endpoints fail until it is back.
var redisConnection = builder.Configuration.GetConnectionString("Redis") ?? "127.0.0.1:6379,abortConnect=false";

builder.Services.AddMemoryCache();
builder.Services.AddStackExchangeRedisCache(options =>
{
    options.Configuration = redisConnection;
    options.InstanceName = "sample:";
});
builder.Services.AddHybridCache(options =>
{
    options.DefaultEntryOptions = new() { Expiration = TimeSpan.FromMinutes(5), LocalCacheExpiration = TimeSpan.FromMinutes(1) };
});
builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisConnection));

builder.Services.AddSingleton<IProductRepository, InMemoryProductRepository>();
builder.Services.AddSingleton<ProductCatalog>();
builder.Services.AddSingleton<CartStore>();
builder.Services.AddSingleton<Leaderboard>();
builder.Services.AddSingleton<ReportService>();
builder.Services.AddSingleton<CacheAdmin>();
builder.Services.AddSingleton<UserProfiles>();
builder.Services.AddDbContext<ShopDb>(options => options.UseInMemoryDatabase("shop"));
builder.Services.AddScoped<PriceService>();
builder.Services.AddAuthentication();
builder.Services.AddAuthorization();
builder.Services.AddOutputCache();

var app = builder.Build();

// Seed the shop's system of record (EF Core in-memory) with one price per product.
using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
    var repository = scope.ServiceProvider.GetRequiredService<IProductRepository>();
    db.Prices.AddRange(repository.All().Select(p => new PriceRow { Id = p.Id, Price = p.Price, Active = true }));
    db.SaveChanges();
}

#if FIXED
app.UseAuthentication();
app.UseAuthorization();
app.UseOutputCache();
#else
// Mistake (CACHE062): output caching runs before authentication and authorization: a response cached for one user can
// be served before the pipeline knows who is asking. UseOutputCache belongs after UseAuthentication/UseAuthorization.
app.UseOutputCache();
app.UseAuthentication();
app.UseAuthorization();
#endif

app.MapGet("/products/{id:int}", (int id, ProductCatalog catalog) =>
    catalog.GetProduct(id) is { } product ? Results.Ok(product) : Results.NotFound());

app.MapGet("/products/featured", (ProductCatalog catalog) => catalog.GetFeatured()).CacheOutput();

app.MapGet("/products/by-category/{category}", (string category, ProductCatalog catalog) => catalog.GetByCategory(category));

// The whole catalog through HybridCache (in-process tier + Redis, one factory call per key under concurrency).
app.MapGet("/catalog", (ProductCatalog catalog, CancellationToken ct) => catalog.GetCatalogAsync(ct));

// The search term comes straight from the query string and ends up in a cache key (see ProductCatalog.Search).
app.MapGet("/search", (HttpContext context, ProductCatalog catalog) => catalog.Search(context));

// The current price of a product from Redis, under the ShopKeys schema key shop:v2:product:{productId}:price.
app.MapGet("/products/{id:int}/price", async (int id, PriceService prices, CancellationToken ct) =>
    await prices.GetCurrentPriceAsync(id, ct) is { } price ? Results.Ok(price) : Results.NotFound());

app.MapGet("/cart/{userId}", async (string userId, CartStore carts, CancellationToken ct) =>
    await carts.GetAsync(userId, ct));

app.MapPost("/cart/{userId}", async (string userId, Cart cart, CartStore carts, CancellationToken ct) =>
{
    await carts.SaveAsync(userId, cart, ct);
    return Results.NoContent();
});

app.MapPost("/scores/{playerId:int}", (int playerId, int score, Leaderboard leaderboard) =>
{
    leaderboard.RecordScore(playerId, score);
    return Results.Accepted();
});

app.MapGet("/reports/daily", (ReportService reports) => reports.GetDailyReport());

app.MapPut("/prices/{id:int}", async (int id, decimal price, PriceService prices, CancellationToken ct) =>
{
    await prices.UpdatePriceAsync(id, price, ct);
    return Results.NoContent();
});

app.MapGet("/prices/{id:int}", (int id, PriceService prices, CancellationToken ct) => prices.GetPriceTextAsync(id, ct));

app.MapGet("/prices/active", async (PriceService prices, CancellationToken ct) => (await prices.GetActivePricesAsync(ct)).ToList());

app.MapGet("/admin/redis/ping", (CacheAdmin admin) => admin.Ping().TotalMilliseconds);

app.MapPost("/admin/cache/products/clear", (CacheAdmin admin) => admin.RemoveProductKeys());

#if FIXED
app.MapDelete("/cache/prices/{id}", async (string id, IDistributedCache cache, CancellationToken ct) =>
{
    await cache.RemoveAsync($"price:{id}", ct);
    return Results.NoContent();
}).RequireAuthorization();
#else
// Mistake (CACHE054): anyone on the internet can evict any cached price (the key comes from the route) and the endpoint
// requires no authorization: an open door to cache-busting and origin load.
app.MapDelete("/cache/prices/{id}", async (string id, IDistributedCache cache, CancellationToken ct) =>
{
    await cache.RemoveAsync($"price:{id}", ct);
    return Results.NoContent();
});
#endif

app.MapGet("/me", (HttpContext context) =>
{
#if FIXED
    context.Response.Headers.CacheControl = "private, max-age=60";
#else
    // Mistake (CACHE060): a per-user response marked `public`: any CDN or proxy on the way may store it and hand one
    // user's profile to the next visitor. Use `private` (or no-store).
    context.Response.Headers.CacheControl = "public, max-age=60";
#endif
    return Results.Ok(new { name = context.User.Identity?.Name });
}).RequireAuthorization();

app.MapGet("/catalog/banner", (HttpContext context) =>
{
#if FIXED
    context.Response.Headers.CacheControl = "public, max-age=300";
#else
    // Mistake (CACHE064): "max-age: 300" is not a Cache-Control directive (it needs '='): caches ignore it.
    context.Response.Headers.CacheControl = "max-age: 300";
#endif
    return "Spring sale";
});

// Correct: user profiles in Redis under the ShopKeys schema key shop:v2:user:{userId}:profile (Caching/ShopKeys.cs);
// the schema supplies the TTL with jitter and the CachingArchitect.StackExchangeRedis helpers apply it on every write.
app.MapGet("/users/{userId:int}/profile", (int userId, UserProfiles profiles, CancellationToken ct) => profiles.GetAsync(userId, ct));

// The key schema as data: every key family with its TTL, strategy and justification (for warming and documentation).
// Read-only and free of user data, so it needs no authorization in this sample.
app.MapGet("/admin/cache/schema", () => ShopKeys.Schema.Keys.Select(k => new
{
    k.Name,
    k.Family,
    k.Pattern,
    TimeToLive = k.TimeToLive?.ToString("c"),
    k.JitterPercent,
    Strategy = k.Strategy.ToString(),
    MaxStaleness = k.MaxStaleness?.ToString("c"),
    k.Justification,
}));

app.Run();
