#!/usr/bin/env python3
"""Cold `textclf classify` of one paragraph: a large model against the small shipped one.

Usage: python3 Benchmarks/coldload.py [--runs 15]   (make bench-coldload)

Trains the 20 Newsgroups 1+2-gram complement NB model of the harness (min-df 2, sublinear tf,
alpha 0.1; Benchmarks/run.py's split) with Float64 and with Float32 weights, then times whole
`textclf classify --model M "one paragraph"` processes, alternating models, and prints the
median wall time of each, the file sizes, and both large models' test accuracy and agreement.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import run as harness  # noqa: E402

TEXTCLF = os.path.join(ROOT, ".build", "release", "textclf")
SHIPPED = os.path.join(ROOT, "models", "ukraine.textclf")
PARAGRAPH = "Kyiv will not cede Donetsk without a referendum, the president said."


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder, _ = harness.prepare_corpus("20ng")
    train, test = os.path.join(folder, "train.jsonl"), os.path.join(folder, "test.jsonl")
    with tempfile.TemporaryDirectory() as scratch:
        models = {"shipped Ukraine model": SHIPPED}
        for precision in ("float64", "float32"):
            path = os.path.join(scratch, f"20ng-{precision}.textclf")
            subprocess.run([TEXTCLF, "train", "--data", train, "--label-field", "label", "--ngram-max", "2", "--min-df", "2",
                            "--sublinear-tf", "--algorithm", "cnb", "--alpha", "0.1", "--weights", precision,
                            "--output", path], check=True, capture_output=True)
            models[f"20NG 1+2-gram CNB, {precision}"] = path
        times = {name: [] for name in models}
        for _ in range(args.runs):
            for name, path in models.items():
                start = time.perf_counter()
                subprocess.run([TEXTCLF, "classify", "--model", path, PARAGRAPH], check=True, capture_output=True)
                times[name].append(time.perf_counter() - start)
        base = statistics.median(times["shipped Ukraine model"])
        print(f"cold classify of one paragraph, median of {args.runs} runs:")
        for name, path in models.items():
            median = statistics.median(times[name])
            print(f"  {name}: {median * 1000:.1f} ms ({median / base:.2f}× the shipped model), file {os.path.getsize(path) / 1e6:.1f} MB")
        results = {}
        for precision in ("float64", "float32"):
            path = models[f"20NG 1+2-gram CNB, {precision}"]
            out = subprocess.run([TEXTCLF, "classify", "--model", path, "--json", "--text-field", "text"],
                                 stdin=open(test), check=True, capture_output=True, text=True).stdout
            results[precision] = [json.loads(line)["label"] for line in out.splitlines()]
        gold = [json.loads(line)["label"] for line in open(test)]
        for precision, predicted in results.items():
            labels = [p["label"] for p in predicted]
            print(f"  {precision}: test accuracy {sum(a == b for a, b in zip(labels, gold)) / len(gold):.4f}")
        same = sum(a["label"] == b["label"] for a, b in zip(results["float64"], results["float32"]))
        largest = max(abs(a["probabilities"][k] - b["probabilities"][k])
                      for a, b in zip(results["float64"], results["float32"]) for k in a["probabilities"])
        print(f"  float32 vs float64: same label for {same}/{len(gold)} documents, largest probability difference {largest:.2e}")


if __name__ == "__main__":
    main()
