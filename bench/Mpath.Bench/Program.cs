using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Mpath.Bench.ConfigBenchmarks).Assembly).Run(args);
