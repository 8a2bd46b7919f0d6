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
    ];

    public Product? Find(int id) => Array.Find(Products, p => p.Id == id);

    public IReadOnlyList<Product> All() => Products;
}
