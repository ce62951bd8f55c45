"""Makes a tiny Hugging Face style BERT folder in PyTorch's own format, and its reference outputs.

Run by hand (not in CI) with Debian's PyTorch 1.13 (python3-torch, /usr/bin/python3):
    /usr/bin/python3 tests/Experiments.Tests/Fixtures/hf-bert/make_hf_bert.py
It writes
    tiny/{config.json, vocab.txt, tokenizer_config.json, pytorch_model.bin, expected.json}
    broken/{missing-tensor.bin, wrong-shape.bin, extra-tensor.bin}
pytorch_model.bin is torch.save(state_dict) (zip format) of a BertForPreTraining-shaped model as transformers 4.x
names it: bert.embeddings/encoder/pooler, the pre-training heads cls.predictions.* (decoder weight tied to the word
embeddings, as transformers ties them) and cls.seq_relationship.*, and the bert.embeddings.position_ids buffer
that transformers < 4.31 saved. An importer must load the encoder and pooler and leave the rest out on purpose.

transformers is not installed on these machines, so the reference forward pass is the plain-ops BertModel of
../bert/make_tiny_bert.py (transformers' modeling_bert.py in eval mode: additive torch.finfo(float32).min mask,
erf GELU, pooler tanh(dense(h[:, 0]))), run in float64 on the float32 weights. expected.json holds, for one padded
batch of three rows (different lengths; the third a sentence pair), last_hidden_state and pooler_output.
"""
import importlib.util
import json
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_tiny_bert", os.path.join(HERE, "..", "bert", "make_tiny_bert.py"))
plain = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plain)

torch.manual_seed(20261203)

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [f"w{n}" for n in range(5, 100)]
CONFIG = {
    "architectures": ["BertForPreTraining"],
    "attention_probs_dropout_prob": 0.1,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "hidden_size": 16,
    "initializer_range": 0.02,
    "intermediate_size": 32,
    "layer_norm_eps": 1e-12,
    "max_position_embeddings": 32,
    "model_type": "bert",
    "num_attention_heads": 4,
    "num_hidden_layers": 2,
    "pad_token_id": 0,
    "position_embedding_type": "absolute",
    "type_vocab_size": 2,
    "vocab_size": len(VOCAB),
}


def make_weights(c):
    """The encoder and pooler weights of ../bert/make_tiny_bert.py's generator (its classifier head dropped)."""
    w = plain.make_weights(dict(c, num_labels=1))
    del w["classifier.weight"], w["classifier.bias"]
    return w


def pretraining_state(w, c):
    """The state_dict of transformers' BertForPreTraining with these encoder weights (heads random, decoder tied)."""
    h, v = c["hidden_size"], c["vocab_size"]
    state = dict(w)
    state["bert.embeddings.position_ids"] = torch.arange(c["max_position_embeddings"]).unsqueeze(0)
    state["cls.predictions.transform.dense.weight"] = torch.randn(h, h) / math.sqrt(h)
    state["cls.predictions.transform.dense.bias"] = torch.randn(h) * 0.1
    state["cls.predictions.transform.LayerNorm.weight"] = 1.0 + 0.1 * torch.randn(h)
    state["cls.predictions.transform.LayerNorm.bias"] = 0.1 * torch.randn(h)
    state["cls.predictions.bias"] = torch.zeros(v)
    state["cls.predictions.decoder.weight"] = state["bert.embeddings.word_embeddings.weight"]  # tied: one storage
    state["cls.predictions.decoder.bias"] = state["cls.predictions.bias"]
    state["cls.seq_relationship.weight"] = torch.randn(2, h) / math.sqrt(h)
    state["cls.seq_relationship.bias"] = torch.randn(2) * 0.1
    return state


def batch():
    rows = [
        ([2, 9, 27, 30, 3], [0] * 5),
        ([2, 17, 23, 33, 29, 8, 52, 71, 88, 3], [0] * 10),
        ([2, 42, 44, 3, 63, 25, 99, 3], [0, 0, 0, 0, 1, 1, 1, 1]),
    ]
    s = max(len(r[0]) for r in rows)
    ids = torch.zeros(len(rows), s, dtype=torch.int64)
    types = torch.zeros(len(rows), s, dtype=torch.int64)
    mask = torch.zeros(len(rows), s, dtype=torch.int64)
    for n, (row_ids, row_types) in enumerate(rows):
        ids[n, : len(row_ids)] = torch.tensor(row_ids)
        types[n, : len(row_types)] = torch.tensor(row_types)
        mask[n, : len(row_ids)] = 1
    return ids, types, mask


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def main():
    tiny, broken = os.path.join(HERE, "tiny"), os.path.join(HERE, "broken")
    os.makedirs(tiny, exist_ok=True)
    os.makedirs(broken, exist_ok=True)
    write_json(os.path.join(tiny, "config.json"), CONFIG)
    write_json(os.path.join(tiny, "tokenizer_config.json"), {"do_lower_case": True, "tokenizer_class": "BertTokenizer"})
    with open(os.path.join(tiny, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB) + "\n")

    w = make_weights(CONFIG)
    torch.save(pretraining_state(w, CONFIG), os.path.join(tiny, "pytorch_model.bin"))

    # Broken variants (same config): one encoder tensor dropped, one with a wrong shape, one the model has no place for.
    missing = dict(w)
    del missing["bert.encoder.layer.1.output.dense.weight"]
    torch.save(missing, os.path.join(broken, "missing-tensor.bin"))
    wrong = dict(w)
    wrong["bert.encoder.layer.0.intermediate.dense.weight"] = w["bert.encoder.layer.0.intermediate.dense.weight"].T.contiguous()
    torch.save(wrong, os.path.join(broken, "wrong-shape.bin"))
    extra = dict(w)
    extra["bert.encoder.layer.0.attention.self.distance_embedding.weight"] = torch.randn(63, CONFIG["hidden_size"])
    torch.save(extra, os.path.join(broken, "extra-tensor.bin"))

    ids, types, mask = batch()
    w64 = {k: t.double() for k, t in w.items()}
    w64["classifier.weight"] = torch.zeros(1, CONFIG["hidden_size"], dtype=torch.float64)  # plain.forward needs a head
    w64["classifier.bias"] = torch.zeros(1, dtype=torch.float64)
    with torch.no_grad():
        _, hidden = plain.forward(w64, CONFIG, ids, types, mask)
        pooled = torch.tanh(hidden[:, 0] @ w64["bert.pooler.dense.weight"].T + w64["bert.pooler.dense.bias"])
    write_json(os.path.join(tiny, "expected.json"), {
        "source": f"make_hf_bert.py, torch {torch.__version__}, plain-ops BertModel forward in float64",
        "input_ids": ids.tolist(), "token_type_ids": types.tolist(), "attention_mask": mask.tolist(),
        "last_hidden_state": [[[round(x, 9) for x in tok] for tok in row] for row in hidden.tolist()],
        "pooler_output": [[round(x, 9) for x in row] for row in pooled.tolist()],
    })
    print(pooled)


if __name__ == "__main__":
    main()
