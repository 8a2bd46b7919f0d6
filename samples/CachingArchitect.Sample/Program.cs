using CachingArchitect.Sample.Data;
using CachingArchitect.Sample.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

var redisConnection = builder.Configuration.GetConnectionString("Redis") ?? "localhost:6379,abortConnect=false";

builder.Services.AddMemoryCache();
builder.Services.AddStackExchangeRedisCache(options =>
{
    options.Configuration = redisConnection;
    options.InstanceName = "sample:";
});
builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisConnection));

builder.Services.AddSingleton<IProductRepository, InMemoryProductRepository>();
builder.Services.AddSingleton<ProductCatalog>();
builder.Services.AddSingleton<CartStore>();
builder.Services.AddSingleton<Leaderboard>();
builder.Services.AddSingleton<ReportService>();
builder.Services.AddSingleton<CacheAdmin>();
builder.Services.AddDbContext<ShopDb>(options => options.UseInMemoryDatabase("shop"));
builder.Services.AddScoped<PriceService>();
builder.Services.AddAuthentication();
builder.Services.AddAuthorization();
builder.Services.AddOutputCache();

var app = builder.Build();

// Mistake (CACHE062): output caching runs before authentication and authorization: a response cached for one user can
// be served before the pipeline knows who is asking. UseOutputCache belongs after UseAuthentication/UseAuthorization.
app.UseOutputCache();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/products/{id:int}", (int id, ProductCatalog catalog) =>
    catalog.GetProduct(id) is { } product ? Results.Ok(product) : Results.NotFound());

app.MapGet("/products/featured", (ProductCatalog catalog) => catalog.GetFeatured()).CacheOutput();

app.MapGet("/products/by-category/{category}", (string category, ProductCatalog catalog) => catalog.GetByCategory(category));

// The search term comes straight from the query string and ends up in a cache key (see ProductCatalog.Search).
app.MapGet("/search", (HttpContext context, ProductCatalog catalog) => catalog.Search(context));

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

app.MapGet("/prices/active", (PriceService prices) => prices.GetActivePrices().ToList());

app.MapGet("/admin/redis/ping", (CacheAdmin admin) => admin.Ping().TotalMilliseconds);

app.MapPost("/admin/cache/products/clear", (CacheAdmin admin) => admin.RemoveProductKeys());

// Mistake (CACHE054): anyone on the internet can evict any cached price (the key comes from the route) and the endpoint
// requires no authorization: an open door to cache-busting and origin load.
app.MapDelete("/cache/prices/{id}", async (string id, IDistributedCache cache, CancellationToken ct) =>
{
    await cache.RemoveAsync($"price:{id}", ct);
    return Results.NoContent();
});

// Mistake (CACHE060): a per-user response marked `public`: any CDN or proxy on the way may store it and hand one
// user's profile to the next visitor. Use `private` (or no-store).
app.MapGet("/me", (HttpContext context) =>
{
    context.Response.Headers.CacheControl = "public, max-age=60";
    return Results.Ok(new { name = context.User.Identity?.Name });
}).RequireAuthorization();

// Mistake (CACHE064): "max-age: 300" is not a Cache-Control directive (it needs '='): caches ignore it.
app.MapGet("/catalog/banner", (HttpContext context) =>
{
    context.Response.Headers.CacheControl = "max-age: 300";
    return "Spring sale";
});

// Correct: a key from the ShopKeys key schema (Caching/ShopKeys.cs); the schema also supplies the TTL with jitter.
app.MapGet("/users/{userId:int}/profile", (int userId, Microsoft.Extensions.Caching.Memory.IMemoryCache cache) =>
    new UserProfiles(cache).Get(userId));

// The key schema as data: every key family with its TTL, strategy and justification (for warming and documentation).
// Read-only and free of user data, so it needs no authorization in this sample.
app.MapGet("/admin/cache/schema", () => CachingArchitect.Sample.Caching.ShopKeys.Schema.Keys.Select(k => new
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
