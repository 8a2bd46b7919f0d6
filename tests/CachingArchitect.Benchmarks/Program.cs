using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CachingArchitect.Benchmarks.KeyFormattingBenchmarks).Assembly).Run(args);
