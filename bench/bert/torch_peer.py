#!/usr/bin/python3
"""PyTorch twin of `marketlab bert bench` (src/Cli/Bert/BertBenchmark.cs); bench/bert/run.sh runs both.

Run with Debian's python3-torch (1.13) under /usr/bin/python3. The model is BERT for sequence classification written
in plain torch.nn with the same shapes and operations as MarketLab's TorchSharp modules (Hugging Face's BertModel:
embeddings + LayerNorm, post-LN encoder layers with exact GELU, tanh pooler, linear head). torch 1.13 has no
scaled_dot_product_attention, so attention is the explicit softmax(QK^T / sqrt(d) + mask) V that transformers 4.x uses.
Prints one JSON line (and writes it to --json) with the same keys as the C# side.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# minilm: all-MiniLM-L6-v2's architecture (6 x 384, 12 heads, FFN 1536 = 4 x 384; Wang et al. 2020), random weights.
SIZES = {"tiny": (2, 128, 2), "mini": (4, 256, 4), "small": (4, 512, 8), "medium": (8, 512, 8), "base": (12, 768, 12), "minilm": (6, 384, 12)}


class Layer(nn.Module):
    def __init__(self, h, heads, inter, p):
        super().__init__()
        self.heads, self.d = heads, h // heads
        self.query, self.key, self.value, self.out = (nn.Linear(h, h) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(h, eps=1e-12), nn.LayerNorm(h, eps=1e-12)
        self.up, self.down = nn.Linear(h, inter), nn.Linear(inter, h)
        self.p = p

    def forward(self, x, bias):
        b, s, h = x.shape

        def split(lin):
            return lin(x).view(b, s, self.heads, self.d).transpose(1, 2)

        scores = split(self.query) @ split(self.key).transpose(-1, -2) / math.sqrt(self.d) + bias
        probs = F.dropout(scores.softmax(-1), self.p, self.training)
        context = (probs @ split(self.value)).transpose(1, 2).reshape(b, s, h)
        x = self.ln1(x + F.dropout(self.out(context), self.p, self.training))
        return self.ln2(x + F.dropout(self.down(F.gelu(self.up(x))), self.p, self.training))


class Classifier(nn.Module):
    def __init__(self, layers, h, heads, vocab=30522, labels=2, p=0.1):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(vocab, h, padding_idx=0), nn.Embedding(512, h), nn.Embedding(2, h)
        self.ln = nn.LayerNorm(h, eps=1e-12)
        self.layers = nn.ModuleList(Layer(h, heads, 4 * h, p) for _ in range(layers))
        self.pooler, self.head = nn.Linear(h, h), nn.Linear(h, labels)
        self.p = p

    def forward(self, ids, types, mask):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = F.dropout(self.ln(self.words(ids) + self.positions(positions) + self.types(types)), self.p, self.training)
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, bias)
        return self.head(F.dropout(torch.tanh(self.pooler(x[:, 0])), self.p, self.training))


def forward_flops(layers, h, inter, s, batch, labels=2):
    """Same count as BertBenchmark.ForwardFlops (embeddings excluded; training = 3x)."""
    per_token_per_layer = 2 * (4 * h * h + 2 * h * inter) + 2 * (2 * s * h)
    return batch * (s * layers * per_token_per_layer + 2 * (h * h + h * labels))


def timed(step, warmup, iterations):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return times


def matmul_rate(m, k, n, iterations):
    a, b = torch.randn(m, k), torch.randn(k, n)
    for _ in range(3):
        torch.mm(a, b)
    rates = []
    for _ in range(max(5, iterations)):
        start = time.perf_counter()
        torch.mm(a, b)
        rates.append(2.0 * m * n * k / (time.perf_counter() - start) / 1e9)
    return max(rates)


def peak_resident_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="tiny", choices=SIZES)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    layers, h, heads = SIZES[args.size]
    b, s = args.batch_size, args.max_length
    result = {"side": "pytorch", "version": f"torch {torch.__version__}", "size": args.size, "threads": torch.get_num_threads(),
              "batch": b, "sequence": s,
              "matmul_1024_gflops": matmul_rate(1024, 1024, 1024, args.iterations),
              "matmul_model_gflops": matmul_rate(b * s, h, 4 * h, args.iterations)}

    model = Classifier(layers, h, heads)
    ids = torch.randint(1, 30522, (b, s))
    types = torch.zeros(b, s, dtype=torch.long)
    mask = torch.ones(b, s, dtype=torch.long)
    target = torch.randint(0, 2, (b,))
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or ".ln" in n or n.startswith("ln")]
    decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or ".ln" in n or n.startswith("ln"))]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-4)

    phases = []  # forward, backward, optimizer (ms) of each step

    def train_step():
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(ids, types, mask), target)
        loss.item()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        optimizer.step()
        optimizer.zero_grad(set_to_none=False)
        t3 = time.perf_counter()
        phases.append([(t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000])

    def infer_step():
        with torch.no_grad():
            model(ids, types, mask).sum().item()

    model.train()
    result["train_ms"] = timed(train_step, args.warmup, args.iterations)
    model.eval()
    result["infer_ms"] = timed(infer_step, args.warmup, args.iterations)
    result["train_phase_ms"] = phases[args.warmup:]
    result["forward_gflop_per_batch"] = forward_flops(layers, h, 4 * h, s, b) / 1e9
    result["params"] = sum(p.numel() for p in model.parameters())
    result["vm_hwm_mb"] = peak_resident_mb()
    line = json.dumps(result)
    if args.json:
        with open(args.json, "w") as f:
            f.write(line + "\n")
    print(line)


if __name__ == "__main__":
    main()
