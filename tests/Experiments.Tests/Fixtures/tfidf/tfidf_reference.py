#!/usr/bin/python3
"""Reference TF-IDF vectors for tests/Experiments.Tests/AutoML/TfIdfTextTests.cs (run by hand, never by the tests).

Fits scikit-learn's TfidfVectorizer (Debian's python3-sklearn 1.2.1, /usr/bin/python3) on a small corpus in four
settings and writes tfidf_reference.json beside this file: each setting's vocabulary (in column order), idf, and the
non-zero entries of every training and held-out document, printed with 17 significant digits.

Usage: /usr/bin/python3 tests/Experiments.Tests/Fixtures/tfidf/tfidf_reference.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

TRAIN = [
    "The movie was GREAT, great acting and a great plot!",
    "Terrible   plot; the acting was bad.\tReally bad.",
    "I loved it: a fine, fine film (2012) with fine music.",
    "Not the best, not the worst: an average film.",
    "",
    "   ",
    "Bad bad bad bad. Worst movie of the year, the plot was a mess",
    "great music, great film, would watch again",
]
HELD_OUT = [
    "A great plot and great music",
    "zebra quokka xylophone",  # only unseen word n-grams
    "",
    "The acting was bad, bad, BAD.",
]

SETTINGS = {
    "word_1_2_sublinear": dict(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    "char_wb_2_5_sublinear": dict(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    "word_1_3_stop_min_df_2": dict(analyzer="word", ngram_range=(1, 3), sublinear_tf=False, stop_words="english", min_df=2),
    "char_wb_1_3_capped": dict(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=False, max_features=None),
}


def cap_without_tie(params, near):
    """The largest cap <= near whose boundary has no tie in total counts (scikit-learn breaks ties by an unstable sort)."""
    from sklearn.feature_extraction.text import CountVectorizer
    counts = CountVectorizer(**{k: v for k, v in params.items() if k not in ("sublinear_tf", "max_features")}).fit_transform(TRAIN)
    totals = np.sort(np.asarray(counts.sum(axis=0)).ravel())[::-1]
    for cap in range(near, 0, -1):
        if totals[cap - 1] > totals[cap]:
            return cap
    raise SystemExit("no tie-free cap")


def rows(matrix):
    out = []
    for r in range(matrix.shape[0]):
        row = matrix.getrow(r).tocoo()
        order = np.argsort(row.col)
        out.append([[int(row.col[i]), float(row.data[i])] for i in order])
    return out


def main():
    result = {"sklearn": sklearn.__version__, "train": TRAIN, "held_out": HELD_OUT, "settings": {}}
    for name, params in SETTINGS.items():
        params = dict(params)
        if "max_features" in params:
            params["max_features"] = cap_without_tie(params, 40)
        v = TfidfVectorizer(lowercase=True, smooth_idf=True, norm="l2", **params)
        x_train = v.fit_transform(TRAIN)
        x_held = v.transform(HELD_OUT)
        vocabulary = sorted(v.vocabulary_, key=v.vocabulary_.get)
        result["settings"][name] = {
            "params": {k: list(p) if isinstance(p, tuple) else p for k, p in params.items()},
            "vocabulary": vocabulary,
            "idf": [float(i) for i in v.idf_],
            "train_rows": rows(x_train),
            "held_out_rows": rows(x_held),
        }
        print(f"{name}: {len(vocabulary)} n-grams; row 0 first entries {rows(x_train)[0][:3]}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tfidf_reference.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    print("wrote", path)


if __name__ == "__main__":
    main()
