using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.SasRec;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Bench.Recommendation;

/// <summary>
/// <c>--sasrec-train</c>: SASRec training steps (forward, loss, backward, Adam) of <see cref="SasRecTrainer"/>'s model and
/// loss on Amazon Games, the twin of <c>bench/recsys/sasrec_peer.py</c> (plain python3-torch); <c>bench/recsys/run.sh</c>
/// runs both and prints the ratio. Batches: the training sequences (leave-one-out, users with ≥ 2 training items) in
/// file order, cut into batches of --batch users, the first --warmup + --iterations of them; inputs, targets and the
/// one sampled negative per position are built before timing, so only the step is timed on both sides. Prints one
/// JSON line: median ms per step and training samples (sequences) per second.
/// Flags: --loss bce|ce, --batch 128, --max-length 50, --hidden 50, --blocks 2, --heads 1, --dropout 0.5, --threads 1,
/// --warmup 5, --iterations 40, --seed 0.
/// </summary>
internal static class SasRecTrainingBenchmark
{
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var loss = SasRecLossNames.Parse(Arg("--loss", "bce")!, "--loss");
        var options = new SasRecOptions
        {
            Loss = loss, BatchSize = Int("--batch", 128), MaxLength = Int("--max-length", 50), Hidden = Int("--hidden", 50),
            Blocks = Int("--blocks", 2), Heads = Int("--heads", 1), Seed = Int("--seed", 0),
            Dropout = double.Parse(Arg("--dropout", "0.5"), CultureInfo.InvariantCulture),
        };
        int threads = Int("--threads", 1), warmup = Int("--warmup", 5), iterations = Int("--iterations", 40);

        var split = SequenceDatasets.Load(SharedDatasets.Resolve("behaviour/amazon-games-sasrec/Video.txt"), BehaviourLogFormat.UserItemPairs, 1, ItemCatalog.AllItems);
        var users = split.Users.Where(u => u.Train.Length >= 2).ToArray();
        int B = options.BatchSize, L = options.MaxLength, steps = warmup + iterations;
        if ((long)steps * B > users.Length) throw new ArgumentException($"--warmup + --iterations = {steps} batches of {B} exceed the {users.Length} training users.");
        var random = new Random(options.Seed);
        var batches = new (Tensor X, Tensor Pos, Tensor Neg)[steps];
        for (int s = 0; s < steps; s++)
        {
            var batchUsers = users.Skip(s * B).Take(B).ToArray();
            long[] input = new long[B * L], positive = new long[B * L], negative = new long[B * L];
            SasRecBatches.Fill(batchUsers.Select(u => u.Train).ToArray(), batchUsers.Select(u => new HashSet<int>(u.Train) { u.Validation ?? 0, u.Test ?? 0 }).ToArray(),
                split.Vocabulary.Count, L, random, input, positive, negative);
            batches[s] = (tensor(input, [B, L]), tensor(positive, [B, L]), tensor(negative, [B, L]));
        }

        var device = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Cpu, threads));
        torch.manual_seed(options.Seed);
        using var model = new SasRecModel(split.Vocabulary.Size, options);
        using (no_grad())
            foreach (var (_, p) in model.named_parameters())
                if (p.dim() >= 2) nn.init.xavier_normal_(p);
        model.train();
        var optimizer = optim.Adam(model.parameters(), options.LearningRate, beta1: 0.9, beta2: 0.98);
        var times = new List<double>();
        double lastLoss = 0;
        for (int s = 0; s < steps; s++)
        {
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                var (x, pos, neg) = batches[s];
                Tensor value = SasRecTrainer.Loss(loss, model, model.forward(x), pos, neg);
                optimizer.zero_grad();
                value.backward();
                optimizer.step();
                lastLoss = value.item<float>();
            }
            if (s >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var sorted = times.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["side"] = "torchsharp", ["loss"] = Arg("--loss", "bce"), ["batch"] = B, ["max_length"] = L, ["hidden"] = options.Hidden,
            ["threads"] = threads, ["items"] = split.Vocabulary.Count, ["iterations"] = iterations,
            ["median_ms"] = Math.Round(median, 2), ["samples_per_s"] = Math.Round(B * 1000 / median, 1), ["last_loss"] = Math.Round(lastLoss, 4),
        }));
        return 0;
    }
}
