#!/usr/bin/env python3
"""Chooses the shipped model's options by cross-validation on the training split only.

For every feature setting in the grid and every classifier setting, runs
`textclf cv --folds 5 --seed 0 --group-field group` on data/train.jsonl with both label fields
(folds grouped by source: a site's paragraphs, the seed article, are never split across folds,
so the scores are for outlets a model has not seen); for each vectorizer
setting takes each field's best classifier by mean macro-F1, and keeps the vectorizer setting
whose fields' best macro-F1s have the highest mean (the vectorizer is shared by both fields).
Writes models/selection.json (the chosen flags and their cross-validation figures) and
models/cross-validation.md (the whole grid). Deterministic: the same data give the same choice.
"""
import json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXTCLF = os.path.join(ROOT, ".build", "release", "textclf")
DATA = os.path.join(ROOT, "data", "train.jsonl")
FIELDS = ["topic", "stance"]

# Each setting: the --features blocks (sublinear tf throughout).
VECTORIZERS = [
    ["word:1-2"],
    ["char_wb:2-5,min-df=2"],
    ["word:1-2", "char_wb:2-5,min-df=2"],
    ["word:1-3", "char_wb:2-5,min-df=2"],
]
CLASSIFIERS = ([("lr", {"c": c}) for c in ["3", "10", "30", "100"]] + [("lr", {"c": "10", "class-weight": "balanced"})]
               + [("cnb", {"alpha": "0.3"})])


def vectorizer_flags(v):
    flags = ["--sublinear-tf"]
    for block in v:
        flags += ["--features", block]
    return flags


def classifier_flags(algorithm, options, field=None):
    prefix = f"{field}=" if field else ""
    flags = ["--algorithm", prefix + algorithm]
    for key, value in options.items():
        flags += [f"--{key}", prefix + value]
    return flags


def cv(flags):
    command = [TEXTCLF, "cv", "--data", DATA, "--folds", "5", "--seed", "0", "--group-field", "group", "--json", "--threads", "2"]
    for field in FIELDS:
        command += ["--label-field", field]
    out = subprocess.run(command + flags, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["fields"]


def describe(v):
    return " + ".join(v)


def main():
    if not os.path.exists(TEXTCLF):
        sys.exit("build first: swift build -c release")
    rows, best = [], None
    for v in VECTORIZERS:
        per_field = {}
        for algorithm, options in CLASSIFIERS:
            result = cv(vectorizer_flags(v) + classifier_flags(algorithm, options))
            for field in FIELDS:
                f = result[field]
                rows.append((describe(v), field, algorithm, options, f["accuracy"]["mean"], f["macro_f1"]["mean"], f["macro_f1"]["std"]))
                if field not in per_field or f["macro_f1"]["mean"] > per_field[field][2]["macro_f1"]["mean"]:
                    per_field[field] = (algorithm, options, f)
        score = sum(per_field[f][2]["macro_f1"]["mean"] for f in FIELDS) / len(FIELDS)
        if best is None or score > best[0]:
            best = (score, v, per_field)
    score, v, per_field = best
    flags = vectorizer_flags(v)
    for field in FIELDS:
        flags += classifier_flags(per_field[field][0], per_field[field][1], field)
    selection = {
        "vectorizer": v,
        "fields": {field: {"algorithm": per_field[field][0], "options": per_field[field][1],
                           "cv_accuracy": round(per_field[field][2]["accuracy"]["mean"], 4),
                           "cv_accuracy_std": round(per_field[field][2]["accuracy"]["std"], 4),
                           "cv_macro_f1": round(per_field[field][2]["macro_f1"]["mean"], 4),
                           "cv_macro_f1_std": round(per_field[field][2]["macro_f1"]["std"], 4)} for field in FIELDS},
        "train_flags": flags,
    }
    with open(os.path.join(ROOT, "models", "selection.json"), "w") as f:
        json.dump(selection, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(ROOT, "models", "cross-validation.md"), "w") as f:
        f.write("# Cross-validation grid (5 folds grouped by source, seed 0, data/train.jsonl; sublinear tf throughout)\n\n")
        f.write("Written by `scripts/select_models.py`. Mean over folds; macro-F1 ± standard deviation.\n\n")
        f.write("| features | field | algorithm | options | accuracy | macro-F1 |\n|---|---|---|---|---:|---:|\n")
        for d, field, algorithm, options, acc, mf1, sd in rows:
            opts = ", ".join(f"{k} {v}" for k, v in options.items())
            f.write(f"| {d} | {field} | {algorithm} | {opts} | {acc:.4f} | {mf1:.4f} ± {sd:.4f} |\n")
    print(json.dumps(selection, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
