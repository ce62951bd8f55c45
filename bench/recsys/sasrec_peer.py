#!/usr/bin/python3
"""PyTorch twin of `MarketLab.Bench --sasrec-train` (bench/Recommendation/SasRecTrainingBenchmark.cs); run.sh runs both.

Run with Debian's python3-torch (1.13) under /usr/bin/python3. SASRec (Kang & McAuley, ICDM 2018) written in plain
torch.nn with the same shapes and operations as MarketLab's TorchSharp modules (src/Experiments/Recommendation/SasRec):
item embedding x sqrt(d) + learned positions, dropout, padding zeroed; pre-LN blocks whose queries, keys and values
all come from LN(x) (Q/K/V linear projections with bias, no output projection, dropout on the attention weights; a
query attends to earlier non-padding keys and itself), point-wise FFN hidden -> hidden with ReLU and residual; final
LayerNorm (eps 1e-8); logits against the shared item embedding. torch 1.13 has no scaled_dot_product_attention, so
attention is the explicit softmax(QK^T / sqrt(d), masked with -inf) V. Xavier-normal init of every matrix, Adam
(lr 1e-3, betas 0.9 / 0.98). Loss bce: BCE of the next item against one sampled negative per position (paper, eq. 6);
ce: softmax cross-entropy over items 1..V-1 at the positions with a target (Klenitskiy & Vasilev, RecSys 2023).

Batches: Video.txt's users in file order, leave-one-out (last two items held out), users with >= 2 training items,
batches of --batch users; input s_1..s_{n-1}, target s_2..s_n, last --max-length, left-padded; negatives drawn
uniformly from the items the user never had. Built before timing, so only the step is timed, as on the C# side.
Prints one JSON line with the same keys as the C# side.
"""
import argparse
import json
import math
import os
import random
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, p):
        super().__init__()
        self.heads, self.dh, self.p = heads, d // heads, p
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-8), nn.LayerNorm(d, eps=1e-8)
        self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.conv1, self.conv2 = nn.Linear(d, d), nn.Linear(d, d)

    def forward(self, x, allowed, keep):
        b, s, d = x.shape
        q = self.ln1(x)

        def split(lin):
            return lin(q).view(b, s, self.heads, self.dh).transpose(1, 2)

        scores = (split(self.query) @ split(self.key).transpose(-1, -2)) / math.sqrt(self.dh)
        probs = F.dropout(scores.masked_fill(~allowed, float("-inf")).softmax(-1), self.p, self.training)
        h = q + (probs @ split(self.value)).transpose(1, 2).reshape(b, s, d)
        f = self.ln2(h)
        f = f + F.dropout(self.conv2(F.relu(F.dropout(self.conv1(f), self.p, self.training))), self.p, self.training)
        return f * keep


class SasRec(nn.Module):
    def __init__(self, vocab, d, length, blocks, heads, p):
        super().__init__()
        self.d = d
        self.items = nn.Embedding(vocab, d, padding_idx=0)
        self.positions = nn.Embedding(length, d)
        self.drop = nn.Dropout(p)
        self.blocks = nn.ModuleList(Block(d, heads, p) for _ in range(blocks))
        self.last = nn.LayerNorm(d, eps=1e-8)

    def forward(self, ids):
        b, s = ids.shape
        x = self.items(ids) * math.sqrt(self.d) + self.positions(torch.arange(s).unsqueeze(0))
        present = ids.ne(0)
        keep = present.unsqueeze(-1).to(x.dtype)
        x = self.drop(x) * keep
        causal = torch.ones(s, s, dtype=torch.bool).tril()
        allowed = (causal & (present.view(b, 1, 1, s) | torch.eye(s, dtype=torch.bool))).view(b, 1, s, s)
        for block in self.blocks:
            x = block(x, allowed, keep)
        return self.last(x)


def loss_of(kind, model, h, pos, neg):
    mask = pos.ne(0)
    if kind == "ce":
        states = h[mask]
        return F.cross_entropy(states @ model.items.weight[1:].t(), pos[mask] - 1)
    e = model.items.weight
    pl = (h * e[pos]).sum(-1)[mask]
    nl = (h * e[neg]).sum(-1)[mask]
    return F.binary_cross_entropy_with_logits(pl, torch.ones_like(pl)) + F.binary_cross_entropy_with_logits(nl, torch.zeros_like(nl))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.environ.get("MARKETLAB_DATA", "../shared/datasets"), "behaviour/amazon-games-sasrec/Video.txt"))
    ap.add_argument("--loss", choices=["bce", "ce"], default="bce")
    for name, value in [("batch", 128), ("max-length", 50), ("hidden", 50), ("blocks", 2), ("heads", 1), ("threads", 1), ("warmup", 5), ("iterations", 40), ("seed", 0)]:
        ap.add_argument("--" + name, type=int, default=value)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    users, order = {}, []
    with open(a.data) as f:
        for line in f:
            if not line.strip():
                continue
            u, i = line.split()
            if u not in users:
                users[u] = []
                order.append(u)
            users[u].append(int(i))
    items = max(i for s in users.values() for i in s)
    train = [(users[u][:-2], set(users[u])) for u in order if len(users[u]) >= 3 and len(users[u]) - 2 >= 2]
    B, L, steps = a.batch, a.max_length, a.warmup + a.iterations
    if steps * B > len(train):
        raise SystemExit(f"--warmup + --iterations = {steps} batches of {B} exceed the {len(train)} training users.")
    rng = random.Random(a.seed)
    batches = []
    for st in range(steps):
        x, p, n = (torch.zeros(B, L, dtype=torch.long) for _ in range(3))
        for b, (s, seen) in enumerate(train[st * B:(st + 1) * B]):
            k = min(len(s) - 1, L)
            for j in range(k):
                t = len(s) - k + j
                x[b, L - k + j], p[b, L - k + j] = s[t - 1], s[t]
                neg = rng.randint(1, items)
                while neg in seen:
                    neg = rng.randint(1, items)
                n[b, L - k + j] = neg
        batches.append((x, p, n))

    torch.manual_seed(a.seed)
    model = SasRec(items + 1, a.hidden, L, a.blocks, a.heads, a.dropout)
    with torch.no_grad():
        for w in model.parameters():
            if w.dim() >= 2:
                nn.init.xavier_normal_(w)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))
    times, last = [], 0.0
    for st, (x, p, n) in enumerate(batches):
        start = time.perf_counter()
        loss = loss_of(a.loss, model, model(x), p, n)
        opt.zero_grad()
        loss.backward()
        opt.step()
        last = loss.item()
        if st >= a.warmup:
            times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    out = {"side": "pytorch", "torch": torch.__version__, "loss": a.loss, "batch": B, "max_length": L, "hidden": a.hidden,
           "threads": a.threads, "items": items, "iterations": a.iterations, "median_ms": round(median, 2),
           "samples_per_s": round(B * 1000 / median, 1), "last_loss": round(last, 4)}
    print(json.dumps(out))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f)


if __name__ == "__main__":
    main()
