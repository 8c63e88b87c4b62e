#!/usr/bin/env python3
"""Chooses the shipped model's options by cross-validation on the training split only.

Runs one `textclf tune` over the grid below on data/train.jsonl with both label fields, 5 folds
grouped by source (`--group-field group`: a site's paragraphs, the seed article, are never split
across folds, so the scores are for outlets a model has not seen), seed 0. tune shares each fold's
features among the classifier settings and picks the best model: for each feature setting each
field's best classifier by mean macro-F1, and the feature setting whose fields' best macro-F1s
have the highest mean. This script only turns tune's JSON into models/selection.json (the chosen
`train` flags and their cross-validation figures) and models/cross-validation.md (the whole grid).
Deterministic: the same data give the same choice.
"""
import json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXTCLF = os.path.join(ROOT, ".build", "release", "textclf")
DATA = os.path.join(ROOT, "data", "train.jsonl")
FIELDS = ["topic", "stance"]

# Feature settings (sublinear tf throughout) and classifier lists; tune takes every combination.
FEATURE_SETS = ["word:1-2", "char_wb:2-5,min-df=2", "word:1-2+char_wb:2-5,min-df=2", "word:1-3+char_wb:2-5,min-df=2"]
FIXED = ["--sublinear-tf", "--alpha", "0.3"]
CLASSIFIERS = ["--algorithm", "lr,cnb", "--c", "3,10,30,100", "--class-weight", "none,balanced"]


def tune():
    command = [TEXTCLF, "tune", "--data", DATA, "--folds", "5", "--seed", "0", "--group-field", "group",
               "--json", "--quiet", "--threads", "2"] + FIXED + CLASSIFIERS
    for field in FIELDS:
        command += ["--label-field", field]
    for features in FEATURE_SETS:
        command += ["--feature-set", features]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def choices(flags):
    """tune's distinguishing flags as a dict: {"feature-set": …, "algorithm": …, "c": …}."""
    return {flags[i][2:]: flags[i + 1] for i in range(0, len(flags), 2)}


def main():
    if not os.path.exists(TEXTCLF):
        sys.exit("build first: swift build -c release")
    result = tune()
    by_rank = {row["rank"]: row for row in result["results"]}
    best = result["best"]["fields"]
    first = choices(best[FIELDS[0]]["flags"])
    features = first.get("feature-set", FEATURE_SETS[0])
    flags = list(FIXED)
    for block in features.split("+"):
        flags += ["--features", block]
    selection_fields = {}
    for field in FIELDS:
        row = by_rank[best[field]["rank"]]
        chosen = choices(best[field]["flags"])
        algorithm = chosen.get("algorithm", "lr")
        options = {k: v for k, v in chosen.items() if k not in ("feature-set", "algorithm")}
        flags += ["--algorithm", f"{field}={algorithm}"]
        for key, value in options.items():
            flags += [f"--{key}", f"{field}={value}"]
        figures = row["fields"][field]
        selection_fields[field] = {"algorithm": algorithm, "options": options,
                                   "cv_accuracy": round(figures["accuracy"]["mean"], 4),
                                   "cv_accuracy_std": round(figures["accuracy"]["std"], 4),
                                   "cv_macro_f1": round(figures["macro_f1"]["mean"], 4),
                                   "cv_macro_f1_std": round(figures["macro_f1"]["std"], 4)}
    selection = {"vectorizer": features.split("+"), "fields": selection_fields, "train_flags": flags}
    with open(os.path.join(ROOT, "models", "selection.json"), "w") as f:
        json.dump(selection, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(ROOT, "models", "cross-validation.md"), "w") as f:
        f.write("# Cross-validation grid (5 folds grouped by source, seed 0, data/train.jsonl; sublinear tf throughout)\n\n")
        f.write("Written by `scripts/select_models.py` from one `textclf tune` run, in its rank order (mean over "
                "fields of mean macro-F1). Mean over folds; ± the sample standard deviation.\n\n")
        f.write("| rank | features | algorithm | options | " + " | ".join(f"{x} accuracy | {x} macro-F1" for x in FIELDS)
                + " |\n|---:|---|---|---|" + "---:|---:|" * len(FIELDS) + "\n")
        for row in result["results"]:
            chosen = choices(row["flags"])
            options = ", ".join(f"{k} {v}" for k, v in chosen.items() if k not in ("feature-set", "algorithm"))
            cells = []
            for field in FIELDS:
                fig = row["fields"][field]
                cells += [f"{fig['accuracy']['mean']:.4f}", f"{fig['macro_f1']['mean']:.4f} ± {fig['macro_f1']['std']:.4f}"]
            f.write(f"| {row['rank']} | {chosen.get('feature-set', FEATURE_SETS[0])} | {chosen.get('algorithm', 'lr')} | "
                    f"{options} | " + " | ".join(cells) + " |\n")
        reasons = sorted({skip["reason"].split(" (")[0] for skip in result["skipped"]})
        if result["skipped"]:
            f.write(f"\n{len(result['skipped'])} combinations skipped by tune: " + "; ".join(reasons) + ".\n")
    print(json.dumps(selection, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
