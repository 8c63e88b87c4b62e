#!/usr/bin/env python3
"""Trains a Spark ML PipelineModel for text classification and saves it, ready for
`textclf import-spark`:

    StringIndexer(label) → RegexTokenizer → [NGram] → HashingTF → IDF → NaiveBayes | LogisticRegression

    python3 scripts/spark/train.py --data data/train.jsonl --label-field topic --output spark-topic
    python3 scripts/spark/train.py --data s3a://bucket/news.parquet --master spark://host:7077 \
        --algorithm lr --reg-param 0.01 --ngram 2 --num-features 1000000 --output hdfs:///models/topic

The StringIndexer (ordered alphabetically, as textclf orders classes) keeps the class names in the
saved model; Spark skips it when classifying text without a label column. Data: JSON Lines (`.jsonl`,
`.json`) or Parquet (`.parquet` or a folder of Parquet files), one text and one label column.
After saving, scripts/spark/export.py writes DIR/textclf-interchange.json when DIR is a local folder.
Installs Java and pyspark when missing (scripts/spark/sparkenv.py).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sparkenv  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="JSON Lines or Parquet file (or Parquet folder), any Spark path")
    p.add_argument("--output", required=True, help="where to save the PipelineModel (replaced if it exists)")
    p.add_argument("--text-field", default="text")
    p.add_argument("--label-field", default="label")
    p.add_argument("--master", default="local[*]", help="Spark master URL (default local[*])")
    p.add_argument("--algorithm", choices=["nb", "cnb", "lr"], default="nb",
                   help="nb: multinomial NaiveBayes; cnb: complement NaiveBayes; lr: LogisticRegression")
    p.add_argument("--pattern", default="\\W+", help="RegexTokenizer pattern (Java regex; default \\W+)")
    p.add_argument("--no-gaps", action="store_true", help="the pattern matches tokens rather than separators")
    p.add_argument("--no-lowercase", action="store_true")
    p.add_argument("--min-token-length", type=int, default=1)
    p.add_argument("--ngram", type=int, default=1, help="n > 1 adds an NGram stage (Spark emits only n-grams of exactly n)")
    p.add_argument("--num-features", type=int, default=1 << 18, help="HashingTF numFeatures (default 2^18)")
    p.add_argument("--binary", action="store_true", help="HashingTF counts 1 per term present")
    p.add_argument("--min-doc-freq", type=int, default=0, help="IDF minDocFreq")
    p.add_argument("--smoothing", type=float, default=1.0, help="NaiveBayes smoothing")
    p.add_argument("--reg-param", type=float, default=0.0, help="LogisticRegression regParam")
    p.add_argument("--elastic-net", type=float, default=0.0, help="LogisticRegression elasticNetParam")
    p.add_argument("--max-iter", type=int, default=100, help="LogisticRegression maxIter")
    p.add_argument("--family", choices=["auto", "multinomial", "binomial"], default="multinomial")
    p.add_argument("--no-export", action="store_true", help="do not write DIR/textclf-interchange.json")
    return p.parse_args()


def read(spark, path):
    lowered = path.lower().rstrip("/")
    if lowered.endswith((".jsonl", ".json", ".ndjson")):
        return spark.read.json(path)
    return spark.read.parquet(path)


def main():
    args = parse_args()  # first, so that --help needs no installation
    sparkenv.ensure()
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression, NaiveBayes
    from pyspark.ml.feature import IDF, HashingTF, NGram, RegexTokenizer, StringIndexer
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(args.master).appName("textclf-train")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    data = read(spark, args.data)
    for column in (args.text_field, args.label_field):
        if column not in data.columns:
            sys.exit(f"{args.data}: no column \"{column}\" (columns: {', '.join(data.columns)})")
    data = data.select(args.text_field, args.label_field).dropna()

    stages = [StringIndexer(inputCol=args.label_field, outputCol="label_index", stringOrderType="alphabetAsc"),
              RegexTokenizer(inputCol=args.text_field, outputCol="tokens", pattern=args.pattern,
                             gaps=not args.no_gaps, toLowercase=not args.no_lowercase,
                             minTokenLength=args.min_token_length)]
    terms = "tokens"
    if args.ngram > 1:
        stages.append(NGram(n=args.ngram, inputCol="tokens", outputCol="ngrams"))
        terms = "ngrams"
    stages += [HashingTF(inputCol=terms, outputCol="tf", numFeatures=args.num_features, binary=args.binary),
               IDF(inputCol="tf", outputCol="features", minDocFreq=args.min_doc_freq)]
    if args.algorithm == "lr":
        stages.append(LogisticRegression(featuresCol="features", labelCol="label_index", regParam=args.reg_param,
                                         elasticNetParam=args.elastic_net, maxIter=args.max_iter, family=args.family))
    else:
        stages.append(NaiveBayes(featuresCol="features", labelCol="label_index", smoothing=args.smoothing,
                                 modelType="complement" if args.algorithm == "cnb" else "multinomial"))
    started = time.monotonic()
    model = Pipeline(stages=stages).fit(data)
    seconds = time.monotonic() - started
    model.write().overwrite().save(args.output)
    sparkenv.log(f"trained {args.algorithm} on {data.count()} documents in {seconds:.1f} s ({args.master}); saved {args.output}")
    spark.stop()
    if not args.no_export and os.path.isdir(args.output):
        import export
        export.export(args.output, os.path.join(args.output, export.DEFAULT_NAME))


if __name__ == "__main__":
    main()
