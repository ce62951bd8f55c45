namespace MarketLab.Evaluation.Tests;

/// <summary>Seeded random draws for simulation tests (System.Random with a fixed seed; Box–Muller normals).</summary>
internal sealed class Simulation(int seed)
{
    private readonly Random _random = new(seed);
    private double? _spare;

    public double Uniform() => _random.NextDouble();

    public double Normal(double mean = 0, double sd = 1)
    {
        if (_spare is double s) { _spare = null; return mean + sd * s; }
        double u1 = 1 - _random.NextDouble(), u2 = _random.NextDouble();
        double r = Math.Sqrt(-2 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        return mean + sd * r * Math.Cos(2 * Math.PI * u2);
    }

    public double Bernoulli(double p) => _random.NextDouble() < p ? 1 : 0;

    public double Exponential(double mean) => -mean * Math.Log(1 - _random.NextDouble());

    public int Poisson(double lambda)
    {
        // Knuth's multiplication method; fine for the small rates used in tests.
        double limit = Math.Exp(-lambda), product = _random.NextDouble();
        int k = 0;
        while (product > limit) { k++; product *= _random.NextDouble(); }
        return k;
    }
}
