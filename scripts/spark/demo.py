#!/usr/bin/env python3
"""`make spark-demo`: Spark MLlib trains on BBC News, textclf imports and serves the same models.

For NaiveBayes and LogisticRegression: scripts/spark/train.py trains a PipelineModel on the BBC
train split with `local[2]`, `textclf import-spark` turns it into a textclf model, and both
classify the test split — Spark with `PipelineModel.transform`, textclf with `classify --json`.
Prints one line per model: the share of test documents on which the predicted labels agree and
the largest difference of any class probability. The split is the benchmarks' own
(Benchmarks/run.py, prepare_corpus("bbc")); models go to Benchmarks/.cache/spark/.

    python3 scripts/spark/demo.py [--textclf .build/release/textclf]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import sparkenv  # noqa: E402

MODELS = [
    ("NaiveBayes", ["--algorithm", "nb"]),
    ("LogisticRegression", ["--algorithm", "lr", "--reg-param", "0.01", "--max-iter", "100"]),
]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--textclf", default=os.path.join(ROOT, ".build", "release", "textclf"))
    args = p.parse_args()
    sparkenv.ensure()
    import run as benchmarks  # Benchmarks/run.py: downloads and splits the corpus once, cached
    folder, meta = benchmarks.prepare_corpus("bbc")
    train, test = os.path.join(folder, "train.jsonl"), os.path.join(folder, "test.jsonl")
    work = os.path.join(ROOT, "Benchmarks", ".cache", "spark")
    os.makedirs(work, exist_ok=True)
    sparkenv.log(f"BBC: {meta['train']} training and {meta['test']} test documents, {meta['classes']} classes")

    imported = []
    for name, options in MODELS:
        spark_dir = os.path.join(work, f"bbc-{name}")
        model = spark_dir + ".textclf"
        started = time.monotonic()
        subprocess.run([sys.executable, os.path.join(HERE, "train.py"), "--data", train, "--label-field", "label",
                        "--master", "local[2]", "--output", spark_dir, *options], check=True)
        sparkenv.log(f"{name}: scripts/spark/train.py took {time.monotonic() - started:.1f} s")
        subprocess.run([args.textclf, "import-spark", spark_dir, "--output", model], check=True, stdout=sys.stderr)
        imported.append((name, spark_dir, model))

    from pyspark.ml import PipelineModel
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    with open(test, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    texts, gold = [record["text"] for record in records], [record["label"] for record in records]
    frame = spark.createDataFrame(list(enumerate(texts)), ["id", "text"]).cache()
    lines = []
    for name, spark_dir, model in imported:
        pipeline = PipelineModel.load(spark_dir)
        labels = list(pipeline.stages[0].labelsArray[0])
        started = time.monotonic()
        rows = pipeline.transform(frame).select("id", "probability", "prediction").collect()
        spark_seconds = time.monotonic() - started
        started = time.monotonic()
        out = subprocess.run([args.textclf, "classify", "--model", model, "--json"], capture_output=True, text=True, check=True,
                             input="".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)))
        textclf_seconds = time.monotonic() - started
        ours = {}
        for line in out.stdout.splitlines():
            row = json.loads(line)
            ours[row["id"]] = row["label"]  # the BBC files' label field is called "label"
        agree, worst, correct = 0, 0.0, 0
        for row in rows:
            mine = ours[row.id]
            agree += mine["label"] == labels[int(row.prediction)]
            correct += labels[int(row.prediction)] == gold[row.id]
            worst = max(worst, max(abs(mine["probabilities"][label] - float(p)) for label, p in zip(labels, row.probability)))
        sparkenv.log(f"{name}: test accuracy {correct / len(rows):.3f}; Spark transform of {len(rows)} documents "
                     f"{spark_seconds:.2f} s (local[2]), textclf classify --json {textclf_seconds:.2f} s (the whole process)")
        lines.append(f"{name} agreement: {100 * agree / len(rows):.2f} % ({agree}/{len(rows)}), max |Δp| {worst:.1e}")
    spark.stop()
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
