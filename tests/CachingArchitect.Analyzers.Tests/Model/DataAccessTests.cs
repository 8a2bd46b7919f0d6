using CachingArchitect.Analyzers.Model;

namespace CachingArchitect.Analyzers.Tests.Model;

public class DataAccessTests
{
    private const string Types = """
        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }
        """;

    [Theory]
    [InlineData("db.SaveChanges()", "SaveChanges", "Write", "EntityFramework")]
    [InlineData("await db.SaveChangesAsync()", "SaveChangesAsync", "Write", "EntityFramework")]
    [InlineData("await db.Products.ToListAsync()", "ToListAsync", "Read", "EntityFramework")]
    [InlineData("db.Products.Where(p => p.Id > 1).ToList()", "ToList", "Read", "EntityFramework")]
    [InlineData("db.Products.First()", "First", "Read", "EntityFramework")]
    [InlineData("await db.Products.FindAsync(1)", "FindAsync", "Read", "EntityFramework")]
    [InlineData("await db.Products.Where(p => p.Id == 1).ExecuteDeleteAsync()", "ExecuteDeleteAsync", "Write", "EntityFramework")]
    [InlineData("await db.Database.ExecuteSqlRawAsync(\"DELETE FROM P\")", "ExecuteSqlRawAsync", "Write", "EntityFramework")]
    [InlineData("cmd.ExecuteNonQuery()", "ExecuteNonQuery", "Write", "AdoNet")]
    [InlineData("await cmd.ExecuteScalarAsync()", "ExecuteScalarAsync", "Read", "AdoNet")]
    [InlineData("connection.Execute(\"UPDATE P SET N = 1\")", "Execute", "Write", "Dapper")]
    [InlineData("await connection.QueryAsync<Product>(\"SELECT * FROM P\")", "QueryAsync", "Read", "Dapper")]
    [InlineData("transaction.Commit()", "Commit", "Commit", "Transaction")]
    [InlineData("await http.GetStringAsync(\"https://x\")", "GetStringAsync", "Read", "Http")]
    [InlineData("await http.GetFromJsonAsync<Product>(\"https://x\")", "GetFromJsonAsync", "Read", "Http")]
    [InlineData("await http.PostAsync(\"https://x\", null)", "PostAsync", "Write", "Http")]
    [InlineData("System.IO.File.ReadAllBytes(\"a\")", "ReadAllBytes", "Read", "File")]
    public void Recognizes_data_access(string statement, string method, string kind, string technology)
    {
        var probe = Probe(statement + ";");
        var call = DataAccess.Classify(probe.Call(method));
        Assert.Equal(kind, call.Kind.ToString());
        Assert.Equal(technology, call.Technology.ToString());
    }

    [Theory]
    [InlineData("db.Products.Where(p => p.Id > 1)", "Where")]
    [InlineData("db.Products.AsNoTracking()", "AsNoTracking")]
    [InlineData("list.ToList()", "ToList")]
    [InlineData("list.First()", "First")]
    [InlineData("db.Add(new Product())", "Add")]
    [InlineData("cache.Set(\"k\", 1, TimeSpan.FromMinutes(1))", "Set")]
    public void Ignores_what_is_not_data_access(string statement, string method)
    {
        var probe = Probe(statement + ";");
        Assert.True(DataAccess.Classify(probe.Call(method)).IsNone);
    }

    [Theory]
    [InlineData("db.Products", true)]
    [InlineData("db.Products.Where(p => p.Id > 1)", true)]
    [InlineData("db.Products.AsEnumerable().Where(p => p.Id > 1)", true)]
    [InlineData("db.Products.AsEnumerable()", true)]
    [InlineData("Numbers()", true)]
    [InlineData("Numbers().Select(n => n * 2)", true)]
    [InlineData("db.Products.ToList()", false)]
    [InlineData("db.Products.Where(p => p.Id > 1).ToArray()", false)]
    [InlineData("list.Where(p => p.Id > 1)", false)]
    [InlineData("list", false)]
    [InlineData("db.Products.AsAsyncEnumerable()", true)]
    [InlineData("Stream()", true)]
    [InlineData("db.Products.Select(p => p.Name)", true)]
    [InlineData("list.AsEnumerable().Select(p => p.Name)", false)]
    [InlineData("list.Select(p => p.Name).OrderBy(n => n)", false)]
    public void Classifies_deferred_sequences(string expression, bool deferred)
    {
        var probe = Probe("var value = " + expression + ";");
        var value = probe.Expression(expression);
        Assert.Equal(deferred, DataAccess.IsDeferredSequence(value));
    }

    [Fact]
    public void Follows_a_local_to_its_query()
    {
        var probe = Probe("var query = db.Products.Where(p => p.Id > 1); object value = query;");
        Assert.True(DataAccess.IsDeferredSequence(probe.Expression("query")));
    }

    [Theory]
    [InlineData("db.Products.ToList()", true)]
    [InlineData("await db.Products.ToListAsync()", true)]
    [InlineData("db.Products.OrderBy(p => p.Name).ToArray()", true)]
    [InlineData("db.Products.Take(50).ToList()", false)]
    [InlineData("db.Products.Where(p => p.Id == 3).ToList()", false)]
    [InlineData("list.ToList()", false)]
    public void Classifies_unpaged_materialization(string expression, bool unpaged)
    {
        var probe = Probe("var value = " + expression + ";");
        Assert.Equal(unpaged, DataAccess.IsUnpagedQueryMaterialization(probe.Expression(expression)));
    }

    [Fact]
    public void Finds_the_first_io_in_a_factory()
    {
        var probe = Probe("""
            var value = await cache.GetOrCreateAsync("k", async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                var n = list.Count;
                return await db.Products.FirstAsync();
            });
            """);
        var factory = probe.Call("GetOrCreateAsync").Arguments[2].Value;
        var call = DataAccess.FindFirst(factory);
        Assert.Equal("FirstAsync", call.Name);
        Assert.True(DataAccess.FindFirst(factory, c => c.IsDurable).IsNone);
    }

    private static ModelProbe Probe(string statements) => ModelProbe.Compile(Types + $$"""
        public class C
        {
            static IEnumerable<int> Numbers() { yield return 1; }

            static async IAsyncEnumerable<int> Stream() { await Task.Yield(); yield return 1; }

            async Task M(ShopDb db, DbCommand cmd, IDbConnection connection, IDbTransaction transaction, HttpClient http, List<Product> list, IMemoryCache cache)
            {
                {{statements}}
            }
        }
        """);
}
