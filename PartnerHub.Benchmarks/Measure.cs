using System.Diagnostics;

namespace PartnerHub.Benchmarks;

/// <summary>Runs a scenario after warm-up and reports percentiles of wall-clock time.</summary>
public static class Measure
{
    public sealed record Result(string Name, int Runs, double P50, double P95, double Max)
    {
        public override string ToString() => $"| {Name,-52} | {Runs,4} | {P50,8:N1} | {P95,8:N1} | {Max,8:N1} |";
    }

    public static async Task<Result> RunAsync(string name, Func<Task> scenario, int runs = 40, int warmup = 5)
    {
        for (var i = 0; i < warmup; i++) await scenario();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await scenario();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double At(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        return new Result(name, runs, At(0.50), At(0.95), times[^1]);
    }

    public const string Header = "| Scenario                                             | Runs |  p50 ms  |  p95 ms  |  max ms  |\n|---|---:|---:|---:|---:|";
}
