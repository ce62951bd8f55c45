#!/usr/bin/python3
"""The before/after table of docs/bert.md ("Tokenization"): for each text set in ../shared, the share of texts whose
BERT ids differ from the reference (tests/Experiments.Tests/Bert/References/bert_tokenization_reference.py, the rules
of google-research/bert's tokenization.py) with Microsoft.ML.Tokenizers' BertTokenizer (before) and with MarketLab's
tokenizer (after). Driven by scripts/tokenizer-agreement.sh.

  texts DIR SHARED   writes DIR/NAME.jsonl, one JSON string per text, for every set (whole files, csv module parsing)
  table DIR          reads DIR/NAME.{ref,mlt,ours}.jsonl and prints the markdown table
"""
import csv
import json
import sys

SETS = [
    # name, file under shared/datasets, format, text column, header rows
    ("sst2-train", "text/sst2/train.tsv", "tsv", 0, 1),
    ("sst2-dev", "text/sst2/dev.tsv", "tsv", 0, 1),
    ("uci-amazon", "text/uci_sentiment_labelled/amazon_cells_labelled.txt", "tsv", 0, 0),
    ("uci-yelp", "text/uci_sentiment_labelled/yelp_labelled.txt", "tsv", 0, 0),
    ("uci-imdb", "text/uci_sentiment_labelled/imdb_labelled.txt", "tsv", 0, 0),
    ("banking77-train", "text/banking77/train.csv", "csv", 0, 1),
    ("banking77-test", "text/banking77/test.csv", "csv", 0, 1),
    ("bitext", "text/bitext_customer_service/Bitext_Sample_Customer_Service_Training_Dataset.csv", "csv", 1, 1),
    ("pricerunner", "text/pricerunner_product_category/pricerunner_aggregate.csv", "csv", 1, 0),
]


def texts(out_dir, shared):
    for name, rel, fmt, column, header in SETS:
        with open(f"{shared}/datasets/{rel}", encoding="utf-8-sig", newline="") as f:
            if fmt == "tsv":
                # No quoting: the UCI files hold stray quotes (SOURCES.md).
                rows = [line.rstrip("\r\n").split("\t") for line in f]
            else:
                rows = list(csv.reader(f))
        rows = [r for r in rows[header:] if len(r) > column]
        with open(f"{out_dir}/{name}.jsonl", "w", encoding="utf-8") as dst:
            for r in rows:
                dst.write(json.dumps(r[column], ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} texts")


def table(out_dir):
    print("| text set | texts | ML.Tokenizers differs from the reference (before) | MarketLab differs (after) | ids changed by the switch |")
    print("|---|---:|---:|---:|---:|")
    for name, *_ in SETS:
        def load(kind):
            with open(f"{out_dir}/{name}.{kind}.jsonl", encoding="utf-8") as f:
                return [line.strip() for line in f]
        ref, mlt, ours = load("ref"), load("mlt"), load("ours")
        assert len(ref) == len(mlt) == len(ours), name
        n = len(ref)
        before = sum(a != b for a, b in zip(mlt, ref))
        after = sum(a != b for a, b in zip(ours, ref))
        changed = sum(a != b for a, b in zip(mlt, ours))
        pct = lambda k: f"{k:,} ({100 * k / n:.2f}%)"
        print(f"| {name} | {n:,} | {pct(before)} | {pct(after)} | {pct(changed)} |")


if __name__ == "__main__":
    if sys.argv[1] == "texts":
        texts(sys.argv[2], sys.argv[3])
    else:
        table(sys.argv[2])
