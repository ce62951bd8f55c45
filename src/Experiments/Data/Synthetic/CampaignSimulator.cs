namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>
/// A seeded synthetic marketing campaign with known truth: customers with Hillstrom-like features, a
/// logistic baseline conversion probability p₀(x), a heterogeneous effect τ(x) (negative for some
/// customers) and randomised or feature-dependent treatment.
/// </summary>
/// <remarks>
/// The model, on z = (ln History − 5)/0.8 and the other features:
/// logit p₀(x) = −2.6 − 0.08 (Recency − 6) + 0.35 z + 0.2 [Web] + 0.4 [Multichannel] − 0.3 [Newbie];
/// logit p₁(x) = logit p₀(x) + γ(x), γ(x) = 0.3 − 0.07 (Recency − 6) − 0.5 [Newbie] + 0.3 [Web] − 0.1 z;
/// τ(x) = p₁(x) − p₀(x), so p₀ + τ stays a probability (the logit-shift design of uplift benchmarks).
/// Feature-dependent propensity: e(x) = σ(logit(share) + 0.6 z − 0.08 (Recency − 6) + 0.4 [Newbie]),
/// clipped to [0.05, 0.95] to keep overlap.
/// Draws per customer, in order, from one <see cref="Random"/> seeded with the seed: recency, two uniforms
/// for a Box–Muller normal (history), channel, newbie, assignment, outcome. The outcome uses one uniform u
/// for both potential outcomes (converted when u &lt; p_treated-or-not), so Y(1) and Y(0) are coupled.
/// </remarks>
public static class CampaignSimulator
{
    private const double LowestPropensity = 0.05, HighestPropensity = 0.95;

    /// <summary>Simulates a campaign.</summary>
    /// <param name="options">Settings; defaults to 10,000 customers, seed 0, randomised 50/50.</param>
    public static CampaignDataset Generate(CampaignSimulationOptions? options = null)
    {
        options ??= new CampaignSimulationOptions();
        var random = new Random(options.Seed);
        var rows = new CampaignRow[options.Customers];
        for (int i = 0; i < rows.Length; i++)
        {
            int recency = 1 + random.Next(12);
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            double history = Math.Round(Math.Exp(5 + 0.8 * normal), 2);
            double c = random.NextDouble();
            var channel = c < 0.45 ? Channel.Web : c < 0.85 ? Channel.Phone : Channel.Multichannel;
            bool newbie = random.NextDouble() < 0.5;
            var customer = new Customer(i, recency, history, channel, newbie);

            double propensity = Propensity(customer, options);
            bool treated = random.NextDouble() < propensity;
            double p0 = Baseline(customer), tau = TrueEffect(customer);
            bool converted = random.NextDouble() < (treated ? p0 + tau : p0);
            rows[i] = new CampaignRow(customer, treated, propensity, converted, p0, tau);
        }
        return new CampaignDataset(Array.AsReadOnly(rows), options);
    }

    /// <summary>p₀(x): the conversion probability without treatment.</summary>
    public static double Baseline(Customer customer) => Sigmoid(BaselineLogit(customer));

    /// <summary>τ(x) = σ(logit p₀(x) + γ(x)) − p₀(x): the true individual effect of treatment.</summary>
    public static double TrueEffect(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        double baseline = BaselineLogit(customer);
        double shift = 0.3 - 0.07 * (customer.Recency - 6) - (customer.IsNewbie ? 0.5 : 0)
            + (customer.Channel == Channel.Web ? 0.3 : 0) - 0.1 * LogHistory(customer);
        return Sigmoid(baseline + shift) - Sigmoid(baseline);
    }

    /// <summary>P(treated | x) under the options' assignment mechanism.</summary>
    public static double Propensity(Customer customer, CampaignSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Assignment == AssignmentMechanism.Randomized) return options.TreatmentShare;
        double share = options.TreatmentShare;
        double logit = Math.Log(share / (1 - share)) + 0.6 * LogHistory(customer) - 0.08 * (customer.Recency - 6)
            + (customer.IsNewbie ? 0.4 : 0);
        return Math.Clamp(Sigmoid(logit), LowestPropensity, HighestPropensity);
    }

    /// <summary>The exact expected conversions and profit of a policy over customers (no sampling).</summary>
    /// <param name="customers">The customers the policy would act on.</param>
    /// <param name="policy">Treat (true) or not, per customer.</param>
    /// <param name="options">Margin and contact cost.</param>
    public static PolicyValue PolicyValue(IEnumerable<Customer> customers, Func<Customer, bool> policy, CampaignSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        int n = 0, targeted = 0;
        double conversions = 0, incremental = 0;
        foreach (var customer in customers)
        {
            n++;
            double p0 = Baseline(customer);
            conversions += p0;
            if (!policy(customer)) continue;
            targeted++;
            double tau = TrueEffect(customer);
            conversions += tau;
            incremental += tau;
        }
        if (n == 0) throw new ArgumentException("customers is empty; a policy value needs at least one customer.", nameof(customers));
        double cost = options.ContactCost * targeted;
        return new PolicyValue(n, targeted, conversions, incremental, options.Margin * conversions - cost, options.Margin * incremental - cost);
    }

    private static double BaselineLogit(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        double channel = customer.Channel switch { Channel.Web => 0.2, Channel.Multichannel => 0.4, _ => 0 };
        return -2.6 - 0.08 * (customer.Recency - 6) + 0.35 * LogHistory(customer) + channel - (customer.IsNewbie ? 0.3 : 0);
    }

    private static double LogHistory(Customer customer) => (Math.Log(customer.History) - 5) / 0.8;

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
