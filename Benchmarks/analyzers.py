#!/usr/bin/env python3
"""Accuracy of textclf's analyzers, unions and hashing against scikit-learn's same pipelines.

Usage: python3 Benchmarks/analyzers.py [--corpus bbc]   (make bench-analyzers)

Uses the benchmark harness's split (Benchmarks/run.py: the same cached train/test JSON Lines),
trains each pipeline with `textclf train` and with scikit-learn (scripts/.venv, made by
`make fixtures` — created here when missing), and prints one line per pipeline: test accuracy of
each and the difference in documents. Word blocks use scikit-learn's token pattern on both
sides (`--tokens plain --min-token-length 2`). Writes Benchmarks/ANALYZERS.md.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import run as harness  # noqa: E402  (the harness's corpus preparation)

TEXTCLF = os.path.join(ROOT, ".build", "release", "textclf")
VENV_PY = os.path.join(ROOT, "scripts", ".venv", "bin", "python")
PLAIN = ["--tokens", "plain", "--min-token-length", "2"]

# name, textclf flags, scikit-learn feature expression (evaluated in the reference script)
PIPELINES = [
    ("char_wb 2-5, min-df 2", ["--features", "char_wb:2-5", "--min-df", "2", "--sublinear-tf"],
     "TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), min_df=2, sublinear_tf=True)"),
    ("word 1-2 + char_wb 2-5, min-df 2", ["--features", "word:1-2", "--features", "char_wb:2-5", "--min-df", "2", "--sublinear-tf"] + PLAIN,
     "make_union(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True), "
     "TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), min_df=2, sublinear_tf=True))"),
    ("words hashed into 2^18", ["--hash-bits", "18", "--sublinear-tf"] + PLAIN,
     "make_pipeline(HashingVectorizer(n_features=2**18, alternate_sign=False, norm=None), TfidfTransformer(sublinear_tf=True))"),
]
ALGORITHMS = [("lr", ["--algorithm", "lr", "--c", "10"], "LogisticRegression(C=10, max_iter=1000)"),
              ("cnb", ["--algorithm", "cnb", "--alpha", "0.1"], "ComplementNB(alpha=0.1)")]

REFERENCE = r'''
import json, sys
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import make_pipeline, make_union
train, test, features, model = sys.argv[1:5]
def read(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    return [r["text"] for r in rows], [r["label"] for r in rows]
(xt, yt), (xe, ye) = read(train), read(test)
pipeline = make_pipeline(eval(features), eval(model)).fit(xt, yt)
predicted = pipeline.predict(xe)
print(json.dumps({"correct": int(sum(p == y for p, y in zip(predicted, ye))), "total": len(ye)}))
'''


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="bbc")
    args = parser.parse_args()
    if not os.path.exists(TEXTCLF):
        sys.exit("build first: swift build -c release")
    if not os.path.exists(VENV_PY):
        subprocess.check_call([sys.executable, os.path.join(ROOT, "scripts", "make_parity_fixtures.py"), "--output", os.devnull])
    folder, meta = harness.prepare_corpus(args.corpus)
    train, test = os.path.join(folder, "train.jsonl"), os.path.join(folder, "test.jsonl")
    lines = [f"# Analyzers against scikit-learn: {meta['title']} ({meta['train']} train, {meta['test']} test)", "",
             "Written by `Benchmarks/analyzers.py`. Test accuracy; Δ is textclf's correct documents minus scikit-learn's.", "",
             "| features | model | textclf | scikit-learn | Δ documents |", "|---|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as scratch:
        model_path = os.path.join(scratch, "m.textclf")
        for name, flags, features in PIPELINES:
            for algorithm, algorithm_flags, reference_model in ALGORITHMS:
                subprocess.run([TEXTCLF, "train", "--data", train, "--label-field", "label", "--output", model_path,
                                *flags, *algorithm_flags], check=True, capture_output=True)
                ours = json.loads(subprocess.run([TEXTCLF, "evaluate", "--model", model_path, "--data", test, "--json"],
                                                 check=True, capture_output=True, text=True).stdout)["fields"]["label"]
                ours_correct = round(ours["accuracy"] * meta["test"])
                theirs = json.loads(subprocess.run([VENV_PY, "-c", REFERENCE, train, test, features, reference_model],
                                                   check=True, capture_output=True, text=True).stdout)
                row = (f"| {name} | {algorithm} | {ours['accuracy']:.4f} | {theirs['correct'] / theirs['total']:.4f} "
                       f"| {ours_correct - theirs['correct']:+d} |")
                print(row, flush=True)
                lines.append(row)
    with open(os.path.join(HERE, "ANALYZERS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
