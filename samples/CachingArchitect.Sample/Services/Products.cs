namespace CachingArchitect.Sample.Services;

public sealed record Product(int Id, string Name, string Category, decimal Price);

public interface IProductRepository
{
    Product? Find(int id);

    IReadOnlyList<Product> All();
}

public sealed class InMemoryProductRepository : IProductRepository
{
    private static readonly Product[] Products =
    [
        new(1, "Espresso machine", "kitchen", 349m),
        new(2, "Milk frother", "kitchen", 59m),
        new(3, "Standing desk", "office", 499m),
        new(4, "Desk lamp", "office", 39m),
        new(5, "Coffee beans 1 kg", "kitchen", 24.90m),
        new(6, "Ergonomic chair", "office", 289m),
        new(7, "Noise-cancelling headphones", "electronics", 199m),
        new(8, "USB-C dock", "electronics", 129m),
    ];

    public Product? Find(int id) => Array.Find(Products, p => p.Id == id);

    public IReadOnlyList<Product> All() => Products;
}
