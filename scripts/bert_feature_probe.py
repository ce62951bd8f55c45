"""Does a pre-trained checkpoint's encoder carry sentiment? A diagnostic for docs/bert.md ("The learning experiment").

Run by hand with Debian's Python (torch, scikit-learn): /usr/bin/python3 scripts/bert_feature_probe.py CHECKPOINT_FOLDER
For each UCI review set (the 70/30 stratified split of scikit-learn, seed 21; not the run's split) it fits a
cross-validated logistic regression on frozen encoder features (the [CLS] vector and the mean of the token vectors)
of the checkpoint and of a randomly initialised encoder of the same shape, and prints held-out accuracy. A checkpoint
whose features beat random ones knows something about sentiment before fine-tuning. For masked-LM checkpoints it also
prints the top guesses for a few masked sentences and the nearest words of some sentiment words (cosine, input
embeddings). The BERT forward pass is the reference implementation the parity test uses
(tests/Experiments.Tests/Fixtures/bert/make_tiny_bert.py); tokenisation is a plain greedy WordPiece.
"""
import importlib.util
import json
import pathlib
import re
import struct
import sys
import warnings

import numpy as np
import torch
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import train_test_split

warnings.filterwarnings("ignore")
ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("reference", ROOT / "tests/Experiments.Tests/Fixtures/bert/make_tiny_bert.py")
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)


def load_safetensors(path):
    raw = pathlib.Path(path).read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header, base = json.loads(raw[8:8 + n]), 8 + n
    return {k: torch.frombuffer(bytearray(raw[base + v["data_offsets"][0]:base + v["data_offsets"][1]]), dtype=torch.float32).view(v["shape"])
            for k, v in header.items() if k != "__metadata__"}


folder = pathlib.Path(sys.argv[1])
weights = load_safetensors(folder / "model.safetensors")
config = json.loads((folder / "config.json").read_text())
config.setdefault("layer_norm_eps", 1e-12)
hidden = config["hidden_size"]
for key, shape in [("classifier.weight", (2, hidden)), ("classifier.bias", (2,)), ("bert.pooler.dense.weight", (hidden, hidden)), ("bert.pooler.dense.bias", (hidden,))]:
    weights.setdefault(key, torch.zeros(shape))
vocab = [line.rstrip("\n") for line in open(folder / "vocab.txt", encoding="utf-8")]
index = {t: i for i, t in enumerate(vocab)}


def wordpiece(word):
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start and (word[start:end] if start == 0 else "##" + word[start:end]) not in index:
            end -= 1
        if end == start:
            return ["[UNK]"]
        pieces.append(word[start:end] if start == 0 else "##" + word[start:end])
        start = end
    return pieces


def encode(text, limit=62):
    words = re.findall(r"\w+|[^\w\s]", text.lower())
    return [index["[CLS]"]] + [index[p] for w in words for p in wordpiece(w)][:limit] + [index["[SEP]"]]


def features(w, texts):
    cls, mean = [], []
    with torch.no_grad():
        for text in texts:
            ids = torch.tensor([encode(text)])
            _, states = reference.forward(w, config, ids, torch.zeros_like(ids), torch.ones_like(ids))
            cls.append(states[0, 0].numpy())
            mean.append(states[0, 1:-1].mean(0).numpy())
    return np.array(cls), np.array(mean)


torch.manual_seed(0)
random_weights = {k: torch.ones_like(v) if "LayerNorm.weight" in k else torch.zeros_like(v) if v.dim() == 1 else torch.randn_like(v) * 0.02
                  for k, v in weights.items()}
print(f"{folder.name} ({config.get('architectures', ['?'])[0]}): held-out accuracy of a logistic regression on frozen features")
print("| set | checkpoint [CLS] | checkpoint mean | random [CLS] | random mean |")
print("|---|---|---|---|---|")
for name in ["amazon_cells", "yelp", "imdb"]:
    path = ROOT.parent / "shared/datasets/text/uci_sentiment_labelled" / f"{name}_labelled.txt"
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip()]
    texts, y = [r[0] for r in rows], np.array([int(r[1]) for r in rows])
    train, test = train_test_split(np.arange(len(y)), test_size=0.3, stratify=y, random_state=21)
    scores = []
    for w in (weights, random_weights):
        for f in features(w, texts):
            scores.append(LogisticRegressionCV(Cs=10, max_iter=2000).fit(f[train], y[train]).score(f[test], y[test]))
    print(f"| {name} | " + " | ".join(f"{s:.1%}" for s in scores) + " |")

if "cls.predictions.bias" in weights:
    def guesses(text):
        before, after = text.split("[MASK]")
        ids = torch.tensor([encode(before)[:-1] + [index["[MASK]"]] + encode(after)[1:]])
        with torch.no_grad():
            _, states = reference.forward(weights, config, ids, torch.zeros_like(ids), torch.ones_like(ids))
            h = states[0, (ids[0] == index["[MASK]"]).nonzero()[0, 0]]
            t = torch.nn.functional.gelu(h @ weights["cls.predictions.transform.dense.weight"].T + weights["cls.predictions.transform.dense.bias"])
            t = torch.nn.functional.layer_norm(t, (hidden,), weights["cls.predictions.transform.LayerNorm.weight"], weights["cls.predictions.transform.LayerNorm.bias"], config["layer_norm_eps"])
            logits = t @ weights["bert.embeddings.word_embeddings.weight"].T + weights["cls.predictions.bias"]
        return [vocab[i] for i in logits.topk(6).indices.tolist()]

    for text in ["the movie was [MASK] .", "this phone is [MASK] , i love it .", "the food was [MASK] and the service was slow ."]:
        print(f"{text} -> {', '.join(guesses(text))}")
embeddings = torch.nn.functional.normalize(weights["bert.embeddings.word_embeddings.weight"], dim=1)
for word in ["great", "good", "bad", "boring"]:
    nearest = (embeddings @ embeddings[index[word]]).topk(7).indices.tolist()[1:]
    print(f"nearest to {word}: {', '.join(vocab[i] for i in nearest)}")
