using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using MarketLab.Experiments.Bert.Export;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Models;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace MarketLab.Bench.Onnx;

/// <summary>
/// <c>--onnx-inference</c>: a pretrained encoder (default all-minilm-l6-v2, installed into the model cache when missing)
/// with a 2-label head, scored in one process by TorchSharp (no_grad forward) and by ONNX Runtime running the same
/// model exported by <see cref="BertOnnxExporter"/>; random token ids (seeded), batch x sequence with no padding, the
/// same intra-op thread count on both sides. The two are timed alternately, batch by batch, so a load change on a
/// shared machine hits both; medians and the ratio are printed, and the max |logit difference| as a sanity check.
/// Flags: --model NAME, --batch 32, --seq 128, --threads 2, --warmup 3, --iterations 20.
/// </summary>
internal static class OnnxInferenceBenchmark
{
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        string name = Arg("--model", "all-minilm-l6-v2");
        int batch = Int("--batch", 32), seq = Int("--seq", 128), threads = Int("--threads", 2), warmup = Int("--warmup", 3), iterations = Int("--iterations", 20);

        string folder = PretrainedModelStore.Get(PretrainedModels.Find(name), log: Console.Out).Directory;
        TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Cpu, threads));
        using BertForSequenceClassification model = BertClassifierFactory.FromPretrained(folder, labels: 2, seed: 1);
        model.eval();
        byte[] onnx = BertOnnxExporter.Build(model, ["0", "1"], BertCheckpoint.Open(folder).LoadTokenizer(seq)).ToByteArray();
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        using var session = new InferenceSession(onnx, options);

        var random = new Random(7);
        int vocab = model.Config.VocabSize;
        long[] ids = Enumerable.Range(0, batch * seq).Select(i => i % seq == 0 ? 101L : random.Next(1000, vocab)).ToArray();
        long[] zeros = new long[ids.Length], ones = Enumerable.Repeat(1L, ids.Length).ToArray();
        long[] shape = [batch, seq];
        using Tensor tIds = tensor(ids, shape), tTypes = tensor(zeros, shape), tMask = tensor(ones, shape);
        using OrtValue oIds = OrtValue.CreateTensorValueFromMemory(ids, shape), oMask = OrtValue.CreateTensorValueFromMemory(ones, shape), oTypes = OrtValue.CreateTensorValueFromMemory(zeros, shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = oIds, ["attention_mask"] = oMask, ["token_type_ids"] = oTypes };
        using var run = new RunOptions();

        float[] TorchForward()
        {
            using var _ = no_grad();
            using Tensor logits = model.forward(tIds, tTypes, tMask);
            return logits.data<float>().ToArray();
        }

        float[] OrtForward()
        {
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, inputs, ["logits"]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }

        double worst = TorchForward().Zip(OrtForward()).Max(p => Math.Abs(p.First - p.Second));
        for (int i = 0; i < warmup; i++) { TorchForward(); OrtForward(); }
        var torchMs = new List<double>();
        var ortMs = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            TorchForward();
            torchMs.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            OrtForward();
            ortMs.Add(clock.Elapsed.TotalMilliseconds);
        }

        double Median(List<double> xs) { var s = xs.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2; }
        double torchMedian = Median(torchMs), ortMedian = Median(ortMs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} + 2-label head, batch {batch} x {seq} tokens, {threads} intra-op threads, {iterations} alternating batches (median):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  TorchSharp      {torchMedian,8:F1} ms/batch  {batch * 1000 / torchMedian,7:F1} samples/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ONNX Runtime    {ortMedian,8:F1} ms/batch  {batch * 1000 / ortMedian,7:F1} samples/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ONNX Runtime / TorchSharp throughput: {torchMedian / ortMedian:F2}x; max |logit difference| {worst:E1}"));
        return 0;
    }
}
