using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CachingArchitect.Generators.Benchmarks.GeneratorBenchmarks).Assembly).Run(args);
