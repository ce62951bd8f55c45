namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>
/// Seeded review-like sentences with a sentiment label (<c>synthetic:reviews</c>): a product, a few neutral words
/// and one or two opinion words of the label's polarity, sometimes an opinion word of the other polarity, and a
/// share of labels flipped (<c>noise</c>) so no classifier is perfect. Small and dependency-free, for the
/// quickstart and tests of text classifiers; the same seed gives the same rows on every platform.
/// </summary>
public static class ReviewTextGenerator
{
    private static readonly string[] Products = ["phone", "headset", "charger", "case", "battery", "screen", "speaker", "cable", "camera", "keyboard", "blender", "lamp"];
    private static readonly string[] Positive = ["great", "excellent", "love it", "perfect", "reliable", "comfortable", "impressive", "sturdy", "fantastic", "works well", "recommend it", "good value"];
    private static readonly string[] Negative = ["terrible", "broke quickly", "awful", "disappointing", "useless", "cheap plastic", "poor quality", "waste of money", "flimsy", "returned it", "stopped working", "not worth it"];
    private static readonly string[] Openers = ["I bought this", "We ordered the", "My new", "Got the", "This", "The", "Tried the", "Received my"];
    private static readonly string[] Fillers = ["after a week", "for work", "as a gift", "on sale", "last month", "for the car", "to replace my old one", "at home", "for travel", "yesterday"];

    /// <summary>Generates <paramref name="rows"/> sentences; labels are <c>1</c> (positive) and <c>0</c> (negative), balanced in expectation.</summary>
    /// <param name="rows">Number of sentences (at least 2).</param>
    /// <param name="seed">Seed of the generator.</param>
    /// <param name="noise">Share of labels flipped, in [0, 0.5).</param>
    public static TextExamples Generate(int rows, int seed, double noise = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        if (!(noise >= 0 && noise < 0.5)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "Must lie in [0, 0.5).");
        var random = new Random(seed);
        var texts = new string[rows];
        var labels = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            bool positive = random.NextDouble() < 0.5;
            var own = positive ? Positive : Negative;
            var other = positive ? Negative : Positive;
            string product = Pick(random, Products);
            var words = new List<string> { Pick(random, Openers), product, Pick(random, Fillers) + ",", "it is", Pick(random, own) };
            if (random.NextDouble() < 0.5) words.AddRange(["and", Pick(random, own)]);
            if (random.NextDouble() < 0.25) words.AddRange(["but the box was", Pick(random, other)]);
            texts[i] = string.Join(' ', words) + (random.NextDouble() < 0.3 ? "!" : ".");
            bool flipped = random.NextDouble() < noise;
            labels[i] = positive ^ flipped ? "1" : "0";
        }
        return new TextExamples(texts, labels);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
