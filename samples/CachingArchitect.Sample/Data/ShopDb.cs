using Microsoft.EntityFrameworkCore;

namespace CachingArchitect.Sample.Data;

public sealed class PriceRow
{
    public int Id { get; set; }

    public decimal Price { get; set; }

    public bool Active { get; set; }
}

/// <summary>The shop's system of record (EF Core; the in-memory provider keeps the sample self-contained).</summary>
public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<PriceRow> Prices => Set<PriceRow>();
}
