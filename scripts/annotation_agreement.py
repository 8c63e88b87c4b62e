#!/usr/bin/env python3
"""Inter-annotator agreement for the `reported` paragraphs.

Every paragraph in data/reported/part-*.jsonl was labelled twice, independently: by its writer
(data/reported/annotations/part-*.first.jsonl) and by a second annotator who saw only the text
(part-*.second.jsonl). Disagreements were adjudicated into the part files themselves.

Usage: python3 scripts/annotation_agreement.py [--disagreements FILE]
Prints Cohen's kappa and raw agreement per field; with --disagreements, writes one JSON line
per paragraph whose two labels differ (id, text, both labels). Standard library only.
"""
import argparse
import glob
import json
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIELDS = ("topic", "stance")


def load(path):
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def kappa(pairs):
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in set(first) | set(second)) / (n * n)
    return (observed - expected) / (1 - expected), observed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--disagreements")
    args = parser.parse_args()
    pairs = {field: [] for field in FIELDS}
    disagreements = []
    for part in sorted(glob.glob(os.path.join(ROOT, "data/reported/part-*.jsonl"))):
        name = os.path.basename(part)[:-len(".jsonl")]
        texts = load(part)
        first = load(os.path.join(ROOT, "data/reported/annotations", name + ".first.jsonl"))
        second = load(os.path.join(ROOT, "data/reported/annotations", name + ".second.jsonl"))
        if set(first) != set(texts) or set(second) != set(texts):
            sys.exit(f"{name}: the annotations do not cover the same ids as the part file")
        for id_, record in texts.items():
            for field in FIELDS:
                pairs[field].append((first[id_][field], second[id_][field]))
            if any(first[id_][f] != second[id_][f] for f in FIELDS):
                disagreements.append({"id": id_, "text": record["text"],
                                      "first": {f: first[id_][f] for f in FIELDS},
                                      "second": {f: second[id_][f] for f in FIELDS}})
    total = len(pairs["topic"])
    for field in FIELDS:
        k, observed = kappa(pairs[field])
        print(f"{field}: Cohen's kappa {k:.3f}, raw agreement {observed:.3f} ({total} paragraphs)")
    print(f"paragraphs with any disagreement: {len(disagreements)}")
    if args.disagreements:
        with open(args.disagreements, "w", encoding="utf-8") as f:
            for d in disagreements:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
