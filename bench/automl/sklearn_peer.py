#!/usr/bin/python3
"""scikit-learn peer for MarketLab's AutoML acceptance runs (never run in CI).

Reads the splits that `dotnet run -c Release --project bench -- --automl-acceptance` writes
(DIR/<dataset>/train.csv and test.csv; DIR defaults to $TMPDIR/marketlab-automl) and, within the same
wall-clock budget, tunes with RandomizedSearchCV on one stratified 80/20 holdout of the train rows (as
MarketLab's AutoML validates):
  * uci-sentiment, sst2, banking77: logistic regression on TF-IDF word/char n-grams (sst2: GLUE train, scored on
    GLUE dev; banking77: official train/test, 77 intents, searched on accuracy, macro-F1 reported),
  * hillstrom-visit, online-shoppers: HistGradientBoostingClassifier and logistic regression on one-hot + scaled
    numbers (each dataset with its own column lists; online-shoppers is UCI's Online Shoppers Purchasing Intention,
    label Revenue, written as "label" by the bench).
RandomizedSearchCV has no time budget, so it is called one candidate at a time (n_iter=1, a new seed each)
until the budget is spent; the last candidate may overrun it (a HistGradientBoosting fit with 1,000
iterations on 41,000 rows takes tens of seconds on one core). The best candidate is refitted on all train rows and scored once
on the test rows (ROC AUC, and accuracy of predict()).

Usage: /usr/bin/python3 bench/automl/sklearn_peer.py [--dir DIR] [--seconds 60] [--datasets a,b] [--seed 0]
Needs Debian's python3-sklearn (1.2) and scipy.
"""
import argparse
import csv
import os
import sys
import tempfile
import time

import numpy as np
from scipy.stats import loguniform, randint, uniform
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import RandomizedSearchCV, StratifiedShuffleSplit
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows


def text_data(rows):
    labels = [r["label"] for r in rows]
    return [r["text"] for r in rows], np.array(labels if not all(v in ("0", "1") for v in labels) else [int(v) for v in labels])


# Per tabular dataset: numeric columns, categorical columns, label column.
TABULAR = {
    "hillstrom-visit": (["recency", "history", "mens", "womens", "newbie"],
                        ["history_segment", "zip_code", "channel", "segment"], "visit"),
    "online-shoppers": (["Administrative", "Administrative_Duration", "Informational", "Informational_Duration",
                         "ProductRelated", "ProductRelated_Duration", "BounceRates", "ExitRates", "PageValues", "SpecialDay"],
                        ["Month", "OperatingSystems", "Browser", "Region", "TrafficType", "VisitorType", "Weekend"], "label"),
}


TEXT = ("uci-sentiment", "sst2", "banking77")
MULTICLASS = ("banking77",)


def label_values(values):
    return np.array([1 if v.strip().lower() in ("1", "true") else 0 for v in values])


def tabular_data(dataset):
    numeric, categorical, label = TABULAR[dataset]

    def load(rows):
        import pandas as pd
        frame = pd.DataFrame(rows)
        for c in numeric:
            frame[c] = frame[c].astype(float)
        return frame[numeric + categorical], label_values(frame[label])
    return load


def candidates(dataset, seed):
    if dataset in TEXT:
        text = Pipeline([
            ("tfidf", FeatureUnion([
                ("word", TfidfVectorizer(analyzer="word")),
                ("char", TfidfVectorizer(analyzer="char_wb")),
            ])),
            ("lr", LogisticRegression(max_iter=2000, solver="liblinear", random_state=seed)),
        ])
        return [("LogisticRegression on TF-IDF", text, {
            "tfidf__word__ngram_range": [(1, 1), (1, 2), (1, 3)],
            "tfidf__char__ngram_range": [(2, 4), (3, 5), (1, 3)],
            "tfidf__word__sublinear_tf": [False, True],
            "lr__C": loguniform(1 / 32, 32768),
            "lr__penalty": ["l1", "l2"],
        })]
    numeric, categorical, _ = TABULAR[dataset]
    one_hot = ColumnTransformer([
        ("num", StandardScaler(), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])
    ordinal = ColumnTransformer([
        ("num", "passthrough", numeric),
        ("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), categorical),
    ])
    categorical_mask = [False] * len(numeric) + [True] * len(categorical)
    return [
        ("HistGradientBoosting", Pipeline([("prep", ordinal), ("hgb", HistGradientBoostingClassifier(
            categorical_features=categorical_mask, random_state=seed))]), {
            "hgb__learning_rate": loguniform(1 / 1024, 1),
            "hgb__max_iter": randint(4, 1000),
            "hgb__max_leaf_nodes": randint(4, 256),
            "hgb__min_samples_leaf": randint(2, 128),
            "hgb__l2_regularization": loguniform(1e-3, 1e3),
        }),
        ("LogisticRegression on one-hot", Pipeline([("prep", one_hot), ("lr", LogisticRegression(max_iter=2000, random_state=seed))]), {
            "lr__C": loguniform(1 / 32, 32768),
        }),
    ]


def search(name, pipeline, space, x, y, budget, seed, scoring="roc_auc"):
    holdout = StratifiedShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    deadline = time.time() + budget
    best_score, best_params, trials, batch = -np.inf, None, 0, 0
    while time.time() < deadline:
        rs = RandomizedSearchCV(pipeline, space, n_iter=1, cv=holdout, scoring=scoring, refit=False,
                                random_state=seed + batch, n_jobs=1, error_score=np.nan)
        rs.fit(x, y)
        batch += 1
        scores = rs.cv_results_["mean_test_score"]
        trials += len(scores)
        if np.nanmax(scores) > best_score:
            i = int(np.nanargmax(scores))
            best_score, best_params = scores[i], rs.cv_results_["params"][i]
    return best_score, best_params, trials


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "marketlab-automl"))
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--datasets", default="uci-sentiment,hillstrom-visit,online-shoppers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scores", action="store_true",
                        help="also write each binary model's test probabilities to DIR/DATASET/peer-N.csv (for delong_compare.py)")
    args = parser.parse_args()
    print("| dataset | candidate | trials | validation AUC | test AUC | test accuracy | time (s) |")
    print("|---|---|---|---|---|---|---|")
    for dataset in args.datasets.split(","):
        folder = os.path.join(args.dir, dataset)
        load = text_data if dataset in TEXT else tabular_data(dataset)
        x_train, y_train = load(read(os.path.join(folder, "train.csv")))
        x_test, y_test = load(read(os.path.join(folder, "test.csv")))
        for index, (name, pipeline, space) in enumerate(candidates(dataset, args.seed)):
            start = time.time()
            multiclass = dataset in MULTICLASS
            score, params, trials = search(name, pipeline, space, x_train, y_train, args.seconds, args.seed,
                                           scoring="accuracy" if multiclass else "roc_auc")
            model = pipeline.set_params(**params).fit(x_train, y_train)
            predicted = model.predict(x_test)
            accuracy = accuracy_score(y_test, predicted)
            if multiclass:  # validation accuracy; test macro-F1 in the AUC column, labelled
                validation, second = f"accuracy {score:.4f}", f"macro-F1 {f1_score(y_test, predicted, average='macro'):.4f}"
            else:
                probability = model.predict_proba(x_test)[:, 1]
                validation, second = f"{score:.4f}", f"{roc_auc_score(y_test, probability):.4f}"
                if args.scores:
                    path = os.path.join(folder, f"peer-{index}.csv")
                    with open(path, "w", encoding="utf-8") as f:
                        f.write("probability\n" + "".join(f"{p!r}\n" for p in probability))
                    print(f"{dataset} {name}: test probabilities in {path}", file=sys.stderr, flush=True)
            print(f"{dataset} {name}: best parameters {params}", file=sys.stderr, flush=True)
            print(f"| {dataset} | scikit-learn {name}, RandomizedSearchCV {args.seconds:.0f} s | {trials} | {validation} | {second} | {accuracy:.4f} | {time.time() - start:.1f} |", flush=True)


if __name__ == "__main__":
    main()
