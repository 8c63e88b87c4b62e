#!/usr/bin/env python3
"""How Spark MLlib's training time grows with the data, in local mode on this machine: fits the
pipeline of scripts/spark/train.py (RegexTokenizer \\W+ → HashingTF 2^18 → IDF → NaiveBayes or
LogisticRegression regParam 0.01, maxIter 100) to the first N documents of the BBC train split,
cycled when N is larger (Benchmarks/run.py's scaling files: repeated documents, said so), and
prints one Markdown table row per size. Figures for docs/scale.md.

    python3 scripts/spark/scaling.py [--master local[2]] [--sizes 1000,4000,16000]
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import sparkenv  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--master", default="local[2]")
    p.add_argument("--sizes", default="1000,4000,16000")
    args = p.parse_args()
    sparkenv.ensure()
    import run as benchmarks
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression, NaiveBayes
    from pyspark.ml.feature import IDF, HashingTF, RegexTokenizer, StringIndexer
    from pyspark.sql import SparkSession

    folder, _ = benchmarks.prepare_corpus("bbc")
    spark = (SparkSession.builder.master(args.master).config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")

    def stages(classifier):
        return [StringIndexer(inputCol="label", outputCol="label_index", stringOrderType="alphabetAsc"),
                RegexTokenizer(inputCol="text", outputCol="tokens", pattern="\\W+"),
                HashingTF(inputCol="tokens", outputCol="tf"), IDF(inputCol="tf", outputCol="features"), classifier]

    # One small fit first, so the JVM's warm-up is not charged to the first size.
    warm, _, _ = benchmarks.scaling_file(folder, 200)
    Pipeline(stages=stages(NaiveBayes(featuresCol="features", labelCol="label_index"))).fit(spark.read.json(warm))
    print(f"Spark {spark.version}, {args.master}, seconds per Pipeline.fit (data cached, JVM warm):\n")
    print("| documents | MB | NaiveBayes | LogisticRegression |")
    print("| ---: | ---: | ---: | ---: |")
    for n in [int(size) for size in args.sizes.split(",")]:
        path, repeated, _ = benchmarks.scaling_file(folder, n)
        data = spark.read.json(path).cache()
        data.count()
        row = [f"{n}{' (repeated)' if repeated else ''}", f"{os.path.getsize(path) / 1e6:.1f}"]
        for classifier in (NaiveBayes(featuresCol="features", labelCol="label_index"),
                           LogisticRegression(featuresCol="features", labelCol="label_index", regParam=0.01, maxIter=100)):
            started = time.monotonic()
            Pipeline(stages=stages(classifier)).fit(data)
            row.append(f"{time.monotonic() - started:.1f}")
        data.unpersist()
        print("| " + " | ".join(row) + " |", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
