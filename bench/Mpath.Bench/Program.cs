using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Mpath.Bench.EngineBenchmarks).Assembly).Run(args);
