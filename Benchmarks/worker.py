#!/usr/bin/env python3
"""Reference-side worker for Benchmarks/run.py. Runs inside Benchmarks/.venv.

One invocation does one thing and prints one JSON object on standard output:
  info                                   versions and threadpoolctl's view of the BLAS
  sk-fit  --train F --config JSON --model OUT
  sk-predict --model M --test F --calls N
  ft-fit  --train F --config JSON --model OUT      (fastText, if installed)
  ft-predict --model M --test F --calls N
Reading the JSON Lines input is not timed (textclf reports its read time apart, too).
The fitting process is measured from outside (peak RSS via wait4 in run.py), so a fit
invocation does nothing but read, fit and save.
"""
import argparse
import json
import os
import pickle
import re
import sys
import time


def read_jsonl(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                obj = json.loads(line)
                texts.append(obj["text"])
                labels.append(obj["label"])
    return texts, labels


def vm_rss_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def percentile(sorted_values, q):
    # nearest-rank percentile, as textclf-latency is asked to report
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, int(round(q / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def latency(fn, docs, calls, warmup=20):
    for i in range(min(warmup, calls)):
        fn(docs[i % len(docs)])
    samples = []
    clock = time.perf_counter_ns
    for i in range(calls):
        d = docs[i % len(docs)]
        t0 = clock()
        fn(d)
        samples.append((clock() - t0) / 1000.0)
    samples.sort()
    return {"p50_us": percentile(samples, 50), "p99_us": percentile(samples, 99),
            "mean_us": sum(samples) / len(samples), "calls": calls}


def scores(y_true, y_pred):
    from sklearn.metrics import accuracy_score, f1_score
    return {"accuracy": float(accuracy_score(y_true, y_pred)),
            "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0))}


# ------------------------------------------------------------------------------- info
def cmd_info(_args):
    import numpy
    import scipy
    import sklearn
    import threadpoolctl
    # make sure numpy's and scipy's BLAS are loaded before asking threadpoolctl
    import numpy.linalg  # noqa: F401
    import scipy.sparse.linalg  # noqa: F401
    out = {
        "python": sys.version.split()[0],
        "sklearn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "threadpoolctl": threadpoolctl.__version__,
        "threadpool_info": threadpoolctl.threadpool_info(),
        "env": {k: os.environ.get(k) for k in
                ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                 "OMP_NUM_THREADS")},
    }
    try:
        import fasttext  # noqa: F401
        from importlib.metadata import version, PackageNotFoundError
        for dist in ("fasttext-wheel", "fasttext"):
            try:
                out["fasttext"] = f"{dist} {version(dist)}"
                break
            except PackageNotFoundError:
                continue
    except ImportError:
        out["fasttext"] = None
    print(json.dumps(out))


# ---------------------------------------------------------------------------- sklearn
def build_pipeline(cfg):
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB, MultinomialNB
    vec = TfidfVectorizer(ngram_range=(1, cfg["ngram_max"]), min_df=cfg["min_df"],
                          sublinear_tf=cfg["sublinear_tf"], smooth_idf=True, norm="l2",
                          dtype=numpy.float64)
    algo = cfg["algorithm"]
    if algo == "nb":
        clf = MultinomialNB(alpha=cfg["alpha"])
    elif algo == "cnb":
        clf = ComplementNB(alpha=cfg["alpha"])
    elif algo == "lr":
        clf = LogisticRegression(C=cfg["c"], tol=cfg["tolerance"],
                                 max_iter=cfg["max_iterations"], solver="lbfgs")
    else:
        raise SystemExit(f"unknown algorithm {algo}")
    return vec, clf


def cmd_sk_fit(args):
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.pipeline import Pipeline
    cfg = json.loads(args.config)
    texts, labels = read_jsonl(args.train)
    vec, clf = build_pipeline(cfg)
    rss_before = vm_rss_kb()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        t0 = time.perf_counter()
        x = vec.fit_transform(texts)
        t1 = time.perf_counter()
        clf.fit(x, labels)
        t2 = time.perf_counter()
    pipe = Pipeline([("tfidf", vec), ("clf", clf)])
    with open(args.model, "wb") as f:
        pickle.dump(pipe, f, protocol=pickle.HIGHEST_PROTOCOL)
    out = {"documents": len(texts), "vocabulary_size": len(vec.vocabulary_),
           "vectorize_s": t1 - t0, "fit_s": t2 - t1, "rss_before_fit_kb": rss_before,
           "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught)}
    if hasattr(clf, "n_iter_"):
        out["iterations"] = int(max(clf.n_iter_))
    print(json.dumps(out))


def cmd_sk_predict(args):
    with open(args.model, "rb") as f:
        pipe = pickle.load(f)
    texts, labels = read_jsonl(args.test)
    t0 = time.perf_counter()
    pred = pipe.predict(texts)
    t1 = time.perf_counter()
    out = {"documents": len(texts), "predict_s": t1 - t0}
    out.update(scores(labels, pred))
    if args.calls > 0:
        out["latency"] = latency(lambda d: pipe.predict_proba([d]), texts, args.calls)
    print(json.dumps(out))


# --------------------------------------------------------------------------- fastText
TOKEN_RE = re.compile(r"[^\w]+")


def ft_clean(text):
    return TOKEN_RE.sub(" ", text.lower()).strip()


def cmd_ft_fit(args):
    import fasttext
    cfg = json.loads(args.config)
    # the training file is written (cleaned, __label__ prefixed) by this same process
    # before the clock starts: fastText reads its input from a file
    texts, labels = read_jsonl(args.train)
    ft_path = args.model + ".train.txt"
    with open(ft_path, "w", encoding="utf-8") as f:
        for t, y in zip(texts, labels):
            f.write(f"__label__{y.replace(' ', '_')} {ft_clean(t)}\n")
    n_docs = len(texts)
    del texts, labels
    t0 = time.perf_counter()
    model = fasttext.train_supervised(input=ft_path, lr=cfg["lr"], epoch=cfg["epoch"],
                                      wordNgrams=cfg["ngram_max"], dim=cfg["dim"],
                                      minCount=cfg["min_count"], thread=int(os.environ.get("TEXTCLF_BENCH_THREADS", "1")), verbose=0,
                                      seed=cfg.get("seed", 0))
    t1 = time.perf_counter()
    model.save_model(args.model)
    os.remove(ft_path)
    print(json.dumps({"documents": n_docs, "vectorize_s": 0.0, "fit_s": t1 - t0,
                      "vocabulary_size": len(model.words)}))


def cmd_ft_predict(args):
    import fasttext
    model = fasttext.load_model(args.model)
    texts, labels = read_jsonl(args.test)

    def predict_all(docs):
        # list input: the single-string path of fasttext's Python wrapper breaks on numpy 2
        got, _ = model.predict([ft_clean(d) for d in docs], k=1)
        return [g[0][len("__label__"):] if g else "" for g in got]

    t0 = time.perf_counter()
    pred = predict_all(texts)
    t1 = time.perf_counter()
    gold = [y.replace(" ", "_") for y in labels]
    out = {"documents": len(texts), "predict_s": t1 - t0}
    out.update(scores(gold, pred))
    if args.calls > 0:
        out["latency"] = latency(lambda d: model.predict([ft_clean(d)], k=-1), texts, args.calls)
    print(json.dumps(out))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("info")
    for name in ("sk-fit", "ft-fit"):
        s = sub.add_parser(name)
        s.add_argument("--train", required=True)
        s.add_argument("--config", required=True)
        s.add_argument("--model", required=True)
    for name in ("sk-predict", "ft-predict"):
        s = sub.add_parser(name)
        s.add_argument("--model", required=True)
        s.add_argument("--test", required=True)
        s.add_argument("--calls", type=int, default=1000)
    args = p.parse_args()
    {"info": cmd_info, "sk-fit": cmd_sk_fit, "sk-predict": cmd_sk_predict,
     "ft-fit": cmd_ft_fit, "ft-predict": cmd_ft_predict}[args.cmd](args)


if __name__ == "__main__":
    main()
