// The end-to-end tests restore the packed package into the global packages folder and remove
// cachingarchitect/<version> before and after (NuGet never re-extracts a version it already has): two of them at once
// would delete each other's copy. Each test also runs whole `dotnet build`s, which gain nothing from running side by side
// on a 2-core machine; the other test assemblies still run in parallel with this one.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
