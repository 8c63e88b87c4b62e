#!/usr/bin/env python3
"""Regenerates the Spark fixtures of the test suite (Tests/TextClassificationTests/Fixtures/spark/):
tiny PipelineModels trained with Spark on the first paragraphs of data/train.jsonl, each saved as
Spark writes it with its textclf-interchange.json, and expected.json: the probabilities Spark's
`transform` gives for a few texts (paragraphs of data/test.jsonl and some hard cases). The tests
check that `textclf import-spark` reproduces them to 1e-6, without Java or pyspark.

    python3 scripts/spark/make_fixtures.py       # installs Java and pyspark when missing
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "Tests", "TextClassificationTests", "Fixtures", "spark")
sys.path.insert(0, HERE)
import sparkenv  # noqa: E402

HARD_CASES = [
    "ΑΘΗΝΑΣ ΣΑΣ: Kyiv's CEASEFIRE plan, U.S.-Ukraine talks",
    "café İstanbul 😀 don't  two  spaces\tand\ttabs",
    "",
    "Russia Russia Russia Russia drones",
]


def read_jsonl(path, count):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            rows.append((row["text"], row["topic"]))
            if len(rows) == count:
                break
    return rows


def pipelines():
    from pyspark.ml.classification import LogisticRegression, NaiveBayes
    from pyspark.ml.feature import IDF, HashingTF, NGram, RegexTokenizer, StopWordsRemover, StringIndexer, Tokenizer

    def indexer():
        return StringIndexer(inputCol="topic", outputCol="label_index", stringOrderType="alphabetAsc")

    yield "nb-bigram", False, [
        indexer(), RegexTokenizer(inputCol="text", outputCol="tokens", pattern="[^a-z0-9]+"),
        NGram(n=2, inputCol="tokens", outputCol="ngrams"),
        HashingTF(inputCol="ngrams", outputCol="tf", numFeatures=1000),
        IDF(inputCol="tf", outputCol="features", minDocFreq=2),
        NaiveBayes(featuresCol="features", labelCol="label_index", smoothing=0.5)]
    yield "cnb-words", False, [
        indexer(), RegexTokenizer(inputCol="text", outputCol="tokens", pattern="\\w+", gaps=False, minTokenLength=2),
        HashingTF(inputCol="tokens", outputCol="tf", numFeatures=2000),
        IDF(inputCol="tf", outputCol="features"),
        NaiveBayes(featuresCol="features", labelCol="label_index", modelType="complement")]
    yield "lr-binary", False, [
        indexer(), Tokenizer(inputCol="text", outputCol="tokens"),
        HashingTF(inputCol="tokens", outputCol="tf", numFeatures=5003, binary=True),
        IDF(inputCol="tf", outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="label_index", regParam=0.05, elasticNetParam=0.2, maxIter=50)]
    yield "lr-binomial", True, [
        indexer(), RegexTokenizer(inputCol="text", outputCol="tokens", pattern="\\W+"),
        HashingTF(inputCol="tokens", outputCol="tf", numFeatures=3001),
        IDF(inputCol="tf", outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="label_index", regParam=0.01, family="binomial", maxIter=50)]
    yield "unsupported-stopwords", False, [
        indexer(), RegexTokenizer(inputCol="text", outputCol="raw", pattern="\\W+"),
        StopWordsRemover(inputCol="raw", outputCol="tokens"),
        HashingTF(inputCol="tokens", outputCol="tf", numFeatures=1000),
        NaiveBayes(featuresCol="tf", labelCol="label_index")]


def main():
    sparkenv.ensure()
    from pyspark.ml import Pipeline
    from pyspark.sql import SparkSession
    import export

    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    train = read_jsonl(os.path.join(ROOT, "data", "train.jsonl"), 120)
    texts = [text for text, _ in read_jsonl(os.path.join(ROOT, "data", "test.jsonl"), 6)] + HARD_CASES
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    expected = {"comment": "Recorded from Spark " + spark.version + " PipelineModel.transform by scripts/spark/make_fixtures.py; "
                           "probabilities in the order of the StringIndexer's labels.", "models": {}}
    for name, two_classes, stages in pipelines():
        rows = [(t, l) for t, l in train if not two_classes or l in ("military", "territory")]
        model = Pipeline(stages=stages).fit(spark.createDataFrame(rows, ["text", "topic"]))
        folder = os.path.join(OUT, name)
        model.write().overwrite().save(folder)
        export.export(folder, os.path.join(folder, export.DEFAULT_NAME))
        if name.startswith("unsupported"):
            continue
        labels = list(model.stages[0].labelsArray[0])
        out = model.transform(spark.createDataFrame([(i, t) for i, t in enumerate(texts)], ["id", "text"])).orderBy("id").collect()
        expected["models"][name] = {"labels": labels, "cases": [
            {"text": row.text, "probabilities": [float(p) for p in row.probability], "prediction": labels[int(row.prediction)]}
            for row in out]}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    spark.stop()
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
