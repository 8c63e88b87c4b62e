#!/usr/bin/env python3
"""Builds a large JSON Lines training file from a public benchmark corpus, for measuring
`textclf train --stream` (docs/scale.md).

    python3 scripts/make_large_corpus.py --size 10G --output /tmp/textclf-large/20ng-10g.jsonl
    python3 scripts/make_large_corpus.py --corpus bbc --size 500M --output big.jsonl

The corpus comes from the benchmark harness (`prepare_corpus` in Benchmarks/run.py, which
downloads and converts it once into Benchmarks/.cache/corpora/NAME/), so only its *train* split
is used and the test split stays unseen.

The file is the train split REPEATED, with label-preserving variation, until it reaches the
target size: it is not new data, and it holds no document the corpus does not. Repetition r
(numbered from 0) writes every train document once, in an order shuffled by a seed derived
from r, with each word dropped independently with probability --drop (default 0.1); the label
is copied unchanged. So the file is as large as asked, no two repetitions of a document are
likely to be the same text, a model trained on it sees the corpus's vocabulary and class
balance, and a learner that reads documents in file order (streamed SGD) meets the classes
mixed, as in a shuffled corpus. The same arguments give the same bytes.
"""
import argparse
import importlib.util
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def harness():
    """Benchmarks/run.py as a module, for its corpus preparation (download, conversion, split)."""
    spec = importlib.util.spec_from_file_location("benchmark_run", os.path.join(ROOT, "Benchmarks", "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().rstrip("B").rstrip("I")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="20ng", help="a corpus of Benchmarks/run.py (default 20ng)")
    parser.add_argument("--size", required=True, help="target size: bytes, or with K, M or G (binary units)")
    parser.add_argument("--output", required=True, help="the JSON Lines file to write")
    parser.add_argument("--drop", type=float, default=0.1, help="probability of dropping each word (default 0.1)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not 0 <= args.drop < 1:
        sys.exit("--drop must be from 0 up to (not including) 1")
    target = parse_size(args.size)
    folder, meta = harness().prepare_corpus(args.corpus)
    documents = []
    with open(os.path.join(folder, "train.jsonl"), encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            documents.append((record["text"].split(), record["label"]))
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    temporary = args.output + ".tmp"
    written = 0
    repetition = 0
    keep = 1 - args.drop
    with open(temporary, "w", encoding="utf-8", buffering=1 << 22) as out:
        while written < target:
            rng = random.Random(f"{args.seed}:{repetition}")
            order = list(range(len(documents)))
            rng.shuffle(order)
            random_value = rng.random
            for index in order:
                words, label = documents[index]
                kept = [word for word in words if random_value() < keep] or words[:1]
                line = json.dumps({"text": " ".join(kept), "label": label}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8")) if not line.isascii() else len(line)
                if written >= target:
                    break
            repetition += 1
            print(f"repetition {repetition}: {written / 1e9:.2f} GB", file=sys.stderr, flush=True)
    os.replace(temporary, args.output)
    print(f"wrote {args.output}: {written} bytes, {repetition} repetitions (some partial) of the "
          f"{meta['train']} {args.corpus} train documents, words dropped with p={args.drop}", file=sys.stderr)


if __name__ == "__main__":
    main()
