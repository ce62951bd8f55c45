"""Makes the tiny random BertForSequenceClassification fixture and its reference logits.

Run by hand (not in CI) with Debian's PyTorch 1.13 (python3-torch, /usr/bin/python3):
    /usr/bin/python3 tests/Experiments.Tests/Fixtures/bert/make_tiny_bert.py
It writes tiny-random/{config.json, vocab.txt, model.safetensors, reference.safetensors}.

torch 1.13 has no scaled_dot_product_attention and transformers is not installed, so the forward pass below is
Hugging Face's BertForSequenceClassification (transformers 4.x modeling_bert.py, eval mode) written in plain ops:
embeddings (word + position + token type, LayerNorm), per layer softmax(QK^T/sqrt(d) + mask) V, output dense +
residual + LayerNorm, GELU (erf) feed-forward + residual + LayerNorm, pooler tanh(dense(h[:, 0])), classifier.
The padding mask is additive with torch.finfo(float32).min, as in transformers.
"""
import json
import math
import os
import struct

import torch

torch.manual_seed(20261123)
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny-random")

WORDS = ("the a an of to and in is it for on with this that was great good bad terrible love hate coupon coupons "
         "discount sale price cheap expensive shipping fast slow order ordered delivery item items product quality "
         "buy bought return refund email offer deal free gift card store online customer service would again never "
         "always recommend not very really too much more less best worst five stars one star happy sad").split()
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "!", "?"] + WORDS + ["##s", "##ed", "##ing", "##ly"]

CONFIG = {
    "architectures": ["BertForSequenceClassification"],
    "attention_probs_dropout_prob": 0.1,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "hidden_size": 32,
    "initializer_range": 0.02,
    "intermediate_size": 64,
    "layer_norm_eps": 1e-12,
    "max_position_embeddings": 64,
    "model_type": "bert",
    "num_attention_heads": 2,
    "num_hidden_layers": 2,
    "num_labels": 3,
    "pad_token_id": 0,
    "position_embedding_type": "absolute",
    "type_vocab_size": 2,
    "vocab_size": len(VOCAB),
}


def make_weights(c):
    """Random weights, larger than BERT's 0.02 init so that every block visibly changes the logits."""
    h, i, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    w = {}

    def lin(name, n_out, n_in):
        w[name + ".weight"] = torch.randn(n_out, n_in) / math.sqrt(n_in)
        w[name + ".bias"] = torch.randn(n_out) * 0.1

    def ln(name):
        w[name + ".weight"] = 1.0 + 0.1 * torch.randn(h)
        w[name + ".bias"] = 0.1 * torch.randn(h)

    w["bert.embeddings.word_embeddings.weight"] = torch.randn(v, h) * 0.5
    w["bert.embeddings.position_embeddings.weight"] = torch.randn(c["max_position_embeddings"], h) * 0.5
    w["bert.embeddings.token_type_embeddings.weight"] = torch.randn(c["type_vocab_size"], h) * 0.5
    ln("bert.embeddings.LayerNorm")
    for n in range(c["num_hidden_layers"]):
        p = f"bert.encoder.layer.{n}."
        for q in ("query", "key", "value"):
            lin(p + "attention.self." + q, h, h)
        lin(p + "attention.output.dense", h, h)
        ln(p + "attention.output.LayerNorm")
        lin(p + "intermediate.dense", i, h)
        lin(p + "output.dense", h, i)
        ln(p + "output.LayerNorm")
    lin("bert.pooler.dense", h, h)
    lin("classifier", c["num_labels"], h)
    return w


def forward(w, c, ids, types, mask):
    eps, h, heads = c["layer_norm_eps"], c["hidden_size"], c["num_attention_heads"]
    d = h // heads
    b, s = ids.shape

    def lin(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    def ln(x, name):
        return torch.nn.functional.layer_norm(x, (h,), w[name + ".weight"], w[name + ".bias"], eps)

    pos = torch.arange(s).unsqueeze(0)
    x = (w["bert.embeddings.word_embeddings.weight"][ids] + w["bert.embeddings.position_embeddings.weight"][pos]
         + w["bert.embeddings.token_type_embeddings.weight"][types])
    x = ln(x, "bert.embeddings.LayerNorm")
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for n in range(c["num_hidden_layers"]):
        p = f"bert.encoder.layer.{n}."

        def split(t):
            return t.view(b, s, heads, d).transpose(1, 2)

        q = split(lin(x, p + "attention.self.query"))
        k = split(lin(x, p + "attention.self.key"))
        v = split(lin(x, p + "attention.self.value"))
        probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + additive, dim=-1)
        ctx = (probs @ v).transpose(1, 2).reshape(b, s, h)
        x = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        inter = torch.nn.functional.gelu(lin(x, p + "intermediate.dense"))
        x = ln(lin(inter, p + "output.dense") + x, p + "output.LayerNorm")
    pooled = torch.tanh(lin(x[:, 0], "bert.pooler.dense"))
    return lin(pooled, "classifier"), x


DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save_safetensors(path, tensors, metadata):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        data = t.numpy().tobytes()  # little-endian on x86-64
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def main():
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
        f.write("\n")
    with open(os.path.join(HERE, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB) + "\n")

    w = make_weights(CONFIG)
    save_safetensors(os.path.join(HERE, "model.safetensors"), w, {"format": "pt"})

    # Three rows of different lengths (padding masked), the third a pair (token types 0 then 1). Ids are in-vocab.
    rows = [
        ([2, 9, 27, 30, 3], [0] * 5),
        ([2, 17, 23, 33, 29, 8, 52, 3], [0] * 8),
        ([2, 42, 44, 3, 63, 25, 18, 3], [0, 0, 0, 0, 1, 1, 1, 1]),
    ]
    s = max(len(r[0]) for r in rows)
    ids = torch.zeros(len(rows), s, dtype=torch.int64)
    types = torch.zeros(len(rows), s, dtype=torch.int64)
    mask = torch.zeros(len(rows), s, dtype=torch.int64)
    for n, (row_ids, row_types) in enumerate(rows):
        ids[n, : len(row_ids)] = torch.tensor(row_ids)
        types[n, : len(row_types)] = torch.tensor(row_types)
        mask[n, : len(row_ids)] = 1

    with torch.no_grad():
        logits, hidden = forward(w, CONFIG, ids, types, mask)
    save_safetensors(os.path.join(HERE, "reference.safetensors"),
                     {"input_ids": ids, "token_type_ids": types, "attention_mask": mask,
                      "logits": logits, "last_hidden_state": hidden},
                     {"torch": torch.__version__, "script": "make_tiny_bert.py"})
    print(logits)


if __name__ == "__main__":
    main()
