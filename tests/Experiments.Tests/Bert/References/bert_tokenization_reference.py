#!/usr/bin/python3
"""Independent reference for MarketLab's BERT tokenizer (tests/Experiments.Tests/Bert/BertTokenizationGoldenTests.cs).

Follows the rules of google-research/bert's tokenization.py (BasicTokenizer + WordpieceTokenizer), written here from
those rules, not copied:
  1. clean: drop NUL, U+FFFD and control characters (categories Cc and Cf, except tab, newline and carriage return);
     turn whitespace (space, tab, newline, carriage return and category Zs) into a space;
  2. put spaces around CJK ideographs (the CJK Unified Ideographs blocks and extensions, compatibility ideographs);
  3. split on whitespace (Python's str.split());
  4. per word: lower-case (Python's str.lower()) and strip accents (NFD, drop category Mn) when uncased;
  5. split every punctuation character into its own token (ASCII 33-47, 58-64, 91-96, 123-126, and category P*);
  6. WordPiece: greedy longest match from the left, continuations prefixed with "##"; a word longer than
     max_input_chars_per_word code points, or with a part no vocabulary entry matches, becomes [UNK].
Options for the two places where Hugging Face differs: --control-all-other (its _is_control counts every category C*
as control: private use and unassigned characters are deleted too) and --max-chars (Google 200, Hugging Face 100).

Run by hand with Debian's interpreter (no packages beyond the standard library):
  /usr/bin/python3 bert_tokenization_reference.py golden --vocab ../../../../../shared/models/bert-base-uncased-vocab/vocab.txt \
      --shared ../../../../../shared --out tokenization-golden.json
  /usr/bin/python3 bert_tokenization_reference.py tokenize --vocab VOCAB [--cased] --input texts.jsonl --out ids.jsonl
"""
import argparse
import csv
import hashlib
import io
import json
import random
import sys
import unicodedata


def is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def is_control(ch, all_other):
    if ch in "\t\n\r":
        return False
    cat = unicodedata.category(ch)
    return cat.startswith("C") if all_other else cat in ("Cc", "Cf")


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


CJK_RANGES = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
              (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def is_cjk(ch):
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


class Reference:
    def __init__(self, vocab_path, lower=True, strip_accents=None, max_chars=100, all_other=False):
        with open(vocab_path, encoding="utf-8") as f:
            self.vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
        self.lower = lower
        self.strip_accents = lower if strip_accents is None else strip_accents
        self.max_chars = max_chars
        self.all_other = all_other

    def basic(self, text):
        cleaned = []
        for ch in text:
            if ord(ch) == 0 or ord(ch) == 0xFFFD or is_control(ch, self.all_other):
                continue
            cleaned.append(" " if is_whitespace(ch) else ch)
        spaced = []
        for ch in cleaned:
            spaced.append(" " + ch + " " if is_cjk(ch) else ch)
        tokens = []
        for word in "".join(spaced).split():
            if self.lower:
                word = word.lower()
            if self.strip_accents:
                word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
            current = []
            for ch in word:
                if is_punctuation(ch):
                    if current:
                        tokens.append("".join(current))
                        current = []
                    tokens.append(ch)
                else:
                    current.append(ch)
            if current:
                tokens.append("".join(current))
        return " ".join(tokens).split()

    def wordpiece(self, word):
        if len(word) > self.max_chars:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = piece
                    break
                end -= 1
            if found is None:
                return ["[UNK]"]
            pieces.append(found)
            start = end
        return pieces

    def ids(self, text):
        tokens = [p for w in self.basic(text) for p in self.wordpiece(w)]
        return [self.vocab["[CLS]"]] + [self.vocab[t] for t in tokens] + [self.vocab["[SEP]"]]


# Texts chosen to exercise each rule; the C# golden test reads them back from the JSON this script writes.
TRICKY = [
    "Why did I only get $20 when I tried to get $100?",
    "Price: €49.99, £35 or ¥5000 - was $59.99 (save 17%)",
    "a+b=c, x<y>z, 2^10, `quoted`, a|b, ~approx, 30°C, ©2024 Acme™, ®",
    "Great phone 😀👍🏽 would buy again ❤️",
    "clichés at the café were naïve; Ångström, Øresund, façade, résumé",
    "CAFÉ NAÏVE ÉCOLE Straße İstanbul ΟΔΥΣΣΕΥΣ",
    "line one\nline two\tcolumn\r\nend",
    "no\nspaces\there\rat\u000ball",
    "zero\u200bwidth\u200cjoiner\u200dmark\ufeffbom\u00adsoft",
    "nul\u0000char and \ufffdreplacement and \u0007bell",
    "private use \ue000 icon and \uf8ff apple",
    "iPhone 15 手机壳 透明 防摔 case for 苹果",
    "ソニー ワイヤレスヘッドホン WH-1000XM5 ブラック",
    "삼성 갤럭시 S24 울트라 케이스",
    "𠀀𠀁 rare CJK extension B and 丽 compatibility",
    "supercalifragilisticexpialidocious" * 3,
    "a" * 100,
    "a" * 101,
    "",
    "   \t\n  ",
    "don't won't it's 'single' \"double\" «guillemets» „low“ — dash – en…",
    "e-mail: shop@example.com, url https://example.com/p?id=5&x=y#top",
    "10% OFF!!! Buy 2, get 1 FREE*** (T&Cs apply) #deal @store",
    "½ price, ¼ off, x² and H₂O, ①②③",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and half-width ｶﾀｶﾅ",
    "Combining: e\u0301 n\u0303 a\u0308 and precomposed é ñ ä",
    "\u0301 lone combining mark and \u20dd enclosing",
    "Hindi: मूल्य ₹499 केवल",
    "Arabic: السعر ٤٩٩ ريال",
    "Thai: ราคาพิเศษ ๕๐๐ บาท",
    "Emoji ZWJ family 👨‍👩‍👧 and flag 🇺🇸 and keycap 1️⃣",
    "Line\u2028separator and paragraph\u2029separator and nbsp\u00a0here and ideographic\u3000space",
    "[CLS] [SEP] [MASK] [UNK] [PAD] literal special tokens",
    "tabs\t\t\tand    many     spaces",
    "x" * 250,
]

SHARED = [
    # (relative path under shared/datasets, format, text column, header rows)
    ("text/sst2/train.tsv", "tsv", 0, 1),
    ("text/uci_sentiment_labelled/amazon_cells_labelled.txt", "tsv", 0, 0),
    ("text/uci_sentiment_labelled/yelp_labelled.txt", "tsv", 0, 0),
    ("text/uci_sentiment_labelled/imdb_labelled.txt", "tsv", 0, 0),
    ("text/banking77/test.csv", "csv", 0, 1),
    ("text/bitext_customer_service/Bitext_Sample_Customer_Service_Training_Dataset.csv", "csv", 1, 1),
    ("text/pricerunner_product_category/pricerunner_aggregate.csv", "csv", 1, 0),
]


def single_line_field(line, fmt, column):
    """The text of one physical line (CR and a BOM removed), or None when the line is not one whole record."""
    line = line.rstrip("\r").lstrip("\ufeff")
    if fmt == "tsv":
        fields = line.split("\t")
    else:
        if line.count('"') % 2:
            return None
        rows = list(csv.reader(io.StringIO(line)))
        if len(rows) != 1:
            return None
        fields = rows[0]
    return fields[column] if column < len(fields) else None


def shared_lines(shared, per_set, seed):
    """Per dataset: up to per_set seeded-random lines plus up to per_set lines holding characters outside plain ASCII words."""
    for rel, fmt, column, header in SHARED:
        with open(f"{shared}/datasets/{rel}", encoding="utf-8", newline="\n") as f:
            lines = f.read().split("\n")
        candidates = []
        for number, line in enumerate(lines, start=1):
            if number <= header or not line.strip():
                continue
            text = single_line_field(line, fmt, column)
            if text is not None and text.strip():
                candidates.append((number, text))
        rng = random.Random(seed)
        unusual = [c for c in candidates if any(not (ch.isascii() and (ch.isalnum() or ch in " .,'")) for ch in c[1])]
        chosen = dict(rng.sample(candidates, min(per_set, len(candidates))))
        chosen.update(dict(rng.sample(unusual, min(per_set, len(unusual)))))
        for number in sorted(chosen):
            yield rel, fmt, column, number, chosen[number]


def golden(args):
    uncased = Reference(args.vocab, lower=True, max_chars=100)
    uncased_google = Reference(args.vocab, lower=True, max_chars=200)
    uncased_hf_control = Reference(args.vocab, lower=True, max_chars=100, all_other=True)
    cased = Reference(args.vocab, lower=False, max_chars=100)
    tricky = [{"text": t,
               "uncased": uncased.ids(t),
               "uncased_max200": uncased_google.ids(t),
               "uncased_all_other_control": uncased_hf_control.ids(t),
               "cased": cased.ids(t)} for t in TRICKY]
    shared = [{"file": rel, "format": fmt, "column": column, "line": number,
               "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
               "uncased": uncased.ids(text)}
              for rel, fmt, column, number, text in shared_lines(args.shared, args.per_set, args.seed)]
    out = {"generator": "tests/Experiments.Tests/Bert/References/bert_tokenization_reference.py",
           "python": sys.version.split()[0], "unicode": unicodedata.unidata_version,
           "vocab": "models/bert-base-uncased-vocab/vocab.txt", "tricky": tricky, "shared": shared}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{len(tricky)} tricky texts, {len(shared)} shared lines -> {args.out}")


def tokenize(args):
    ref = Reference(args.vocab, lower=not args.cased, max_chars=args.max_chars, all_other=args.control_all_other)
    with open(args.input, encoding="utf-8") as src, open(args.out, "w", encoding="utf-8") as dst:
        for line in src:
            dst.write(json.dumps(ref.ids(json.loads(line)), separators=(",", ":")) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("golden")
    g.add_argument("--vocab", required=True)
    g.add_argument("--shared", required=True)
    g.add_argument("--out", required=True)
    g.add_argument("--per-set", type=int, default=150)
    g.add_argument("--seed", type=int, default=20)
    t = sub.add_parser("tokenize")
    t.add_argument("--vocab", required=True)
    t.add_argument("--input", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--cased", action="store_true")
    t.add_argument("--max-chars", type=int, default=100)
    t.add_argument("--control-all-other", action="store_true")
    args = parser.parse_args()
    golden(args) if args.command == "golden" else tokenize(args)


if __name__ == "__main__":
    main()
