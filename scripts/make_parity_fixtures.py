#!/usr/bin/env python3
"""Write Tests/TextClassificationTests/Fixtures/sklearn-parity.json.

scikit-learn reference values (vocabularies, idf, TF-IDF matrices, NB / CNB / LR
predictions and probabilities) on a small corpus written below, for parity tests.

Usage (from anywhere):  python3 scripts/make_parity_fixtures.py [--output PATH]

The script creates its own virtual environment in scripts/.venv (ignored by git) when it
is missing, installs the pinned requirements into it, and re-executes itself there.
The output is deterministic: sorted keys, floats rounded to 12 significant digits.
"""
import json
import os
import re
import subprocess
import sys
import venv

# Pinned so the fixture can be regenerated bit-for-bit (up to BLAS rounding).
REQUIREMENTS = [
    "scikit-learn==1.9.1",
    "numpy==2.4.6",
    "scipy==1.17.1",
    "joblib==1.6.0",
    "threadpoolctl==3.8.0",
]

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")
DEFAULT_OUTPUT = os.path.join(
    ROOT, "Tests", "TextClassificationTests", "Fixtures", "sklearn-parity.json")


def ensure_venv_and_reexec():
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    stamp = os.path.join(VENV, "requirements.txt")
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if not os.path.exists(VENV_PY):
        print(f"creating {VENV}", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    have = open(stamp).read() if os.path.exists(stamp) else ""
    if have != wanted:
        print("installing " + " ".join(REQUIREMENTS), file=sys.stderr)
        subprocess.check_call([VENV_PY, "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", *REQUIREMENTS])
        with open(stamp, "w") as f:
            f.write(wanted)
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__), *sys.argv[1:]])


# --------------------------------------------------------------------------------------
# The corpus. Rules, so that scikit-learn's token_pattern r"(?u)\b\w\w+\b" and any sensible
# word tokenizer agree: ASCII words of two or more letters, separated by single spaces,
# "." and "," the only punctuation; no digits, apostrophes, hyphens or one-letter words.
# (text, topic, mood)
TRAIN = [
    ("The home team won the match with one late goal.", "sport", "positive"),
    ("Fans cheered as the striker scored twice in the final.", "sport", "positive"),
    ("The coach was angry after the team lost the match.", "sport", "negative"),
    ("Our coach and players trained hard and won the cup.", "sport", "positive"),
    ("The goalkeeper made terrible mistakes and the team lost again.", "sport", "negative"),
    ("The final match was exciting and the fans loved it.", "sport", "positive"),
    ("An injury to the striker ruined the season.", "sport", "negative"),
    ("The tennis player won the title in straight sets, and fans cheered.", "sport", "positive"),
    ("The referee was awful and the fans were furious.", "sport", "negative"),
    ("The team celebrated another great win at home.", "sport", "positive"),
    ("The players were tired and lost the final badly.", "sport", "negative"),
    ("The coach praised the players after the great match.", "sport", "positive"),
    ("The club sacked the coach after another bad season for the players.", "sport", "negative"),
    ("The runner broke the record in the final and won gold.", "sport", "positive"),
    ("The government announced new taxes on fuel.", "politics", "negative"),
    ("The president won the election with strong support.", "politics", "positive"),
    ("Voters were angry about the new taxes in parliament.", "politics", "negative"),
    ("The parliament passed the budget after long debate.", "politics", "positive"),
    ("The minister resigned after the scandal.", "politics", "negative"),
    ("The election campaign was full of bad promises.", "politics", "negative"),
    ("The government praised the new health reform.", "politics", "positive"),
    ("Critics said the minister lied to parliament.", "politics", "negative"),
    ("The president signed the peace deal with great hope.", "politics", "positive"),
    ("The opposition minister lost the vote in parliament.", "politics", "negative"),
    ("Voters welcomed the new budget and lower taxes.", "politics", "positive"),
    ("The scandal damaged the government badly.", "politics", "negative"),
    ("The new minister promised honest and open government.", "politics", "positive"),
    ("Heavy rain caused floods in the north.", "weather", "negative"),
    ("The sun was shining and the sky was clear.", "weather", "positive"),
    ("Strong winds and heavy rain hit the coast.", "weather", "negative"),
    ("The weekend will be warm and sunny.", "weather", "positive"),
    ("Heavy snow closed the roads and schools in the north.", "weather", "negative"),
    ("Clear skies and warm sun brought people to the beach.", "weather", "positive"),
    ("The storm destroyed houses along the coast.", "weather", "negative"),
    ("Forecasters expect mild weather and gentle winds.", "weather", "positive"),
    ("Cold rain and strong fog made the morning miserable.", "weather", "negative"),
    ("The spring weather was great, lovely and warm.", "weather", "positive"),
    ("The storm brought heavy snow and terrible cold.", "weather", "negative"),
    ("Sunny weather is expected for the weekend, at last.", "weather", "positive"),
    ("The forecast warns of strong winds and rain.", "weather", "negative"),
]

TEST = [
    ("The team won the final with one great goal.", "sport", "positive"),
    ("The striker was injured and the team lost.", "sport", "negative"),
    ("Fans loved the exciting match at home.", "sport", "positive"),
    ("The coach blamed the referee after the bad match.", "sport", "negative"),
    ("The government lost the vote on taxes.", "politics", "negative"),
    ("The president praised the new budget.", "politics", "positive"),
    ("The minister faced angry voters after the scandal.", "politics", "negative"),
    ("Parliament welcomed the peace deal, at last.", "politics", "positive"),
    ("Heavy snow and strong winds hit the north.", "weather", "negative"),
    ("The weekend will be sunny and warm.", "weather", "positive"),
    ("The storm brought floods to the coast.", "weather", "negative"),
    ("Clear skies and mild weather are expected.", "weather", "positive"),
]

# Extra documents for the analyzer fixtures (character n-grams, unions, hashing): typographic
# quotes and apostrophes, accented letters, runs of spaces, a tab and a line break, as news has.
# Word blocks there use textclf's `plain` tokens of two or more characters (scikit-learn's
# default pattern), so both sides see the same words.
EXTRA_TRAIN = [
    ("Kyiv\u2019s \u201cpeace\u201d plan was praised at the caf\u00e9 summit in Gen\u00e8ve.", "politics", "positive"),
    ("The Z\u00fcrich  match ended badly:\tthe fans\u2019 anger grew.", "sport", "negative"),
    ("Snow in M\u00fcnchen and \u00c5re;\nthe roads closed \u2014 again.", "weather", "negative"),
    ("Na\u00efve voters cheered the minister\u2019s honest reform.", "politics", "positive"),
]
EXTRA_TEST = [
    ("The caf\u00e9 owners in Gen\u00e8ve praised the \u201cwarm\u201d weather.", "weather", "positive"),
    ("Z\u00fcrich fans   were furious at the referee.", "sport", "negative"),
]

TEXT_RE = re.compile(r"^[A-Za-z]{2,}(?:[.,]? [A-Za-z]{2,})*\.?$")


def check_corpus():
    for text, _, _ in TRAIN + TEST:
        assert TEXT_RE.match(text), f"corpus rule broken: {text!r}"


# --------------------------------------------------------------------------------------
def sig(x, digits=12):
    x = float(x)
    if x == 0.0:
        return 0.0
    return float(f"{x:.{digits}g}")


def main(argv):
    import numpy as np
    import sklearn
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB, MultinomialNB

    output = DEFAULT_OUTPUT
    if len(argv) >= 2 and argv[0] == "--output":
        output = argv[1]

    check_corpus()
    train_texts = [t for t, _, _ in TRAIN]
    test_texts = [t for t, _, _ in TEST]
    labels = {
        "train": {"topic": [c for _, c, _ in TRAIN], "mood": [m for _, _, m in TRAIN]},
        "test": {"topic": [c for _, c, _ in TEST], "mood": [m for _, _, m in TEST]},
    }

    def df_option(value):
        return {"fraction": float(value)} if isinstance(value, float) else {"count": int(value)}

    vectorizer_specs = [
        # name, ngram_max, min_df, max_df, max_features, sublinear_tf
        ("unigram", 1, 1, 1.0, None, False),
        ("bigram_sublinear_mindf2", 2, 2, 1.0, None, True),
        ("unigram_maxdf0.5_top20", 1, 1, 0.5, 20, False),
        ("unigram_mindf0.05", 1, 0.05, 1.0, None, False),
        ("bigram_maxdf_count10", 2, 1, 10, None, False),
    ]

    vectorizers = []
    fitted = {}
    for name, ngram_max, min_df, max_df, max_features, sublinear in vectorizer_specs:
        vec = TfidfVectorizer(ngram_range=(1, ngram_max), min_df=min_df, max_df=max_df,
                              max_features=max_features, sublinear_tf=sublinear,
                              smooth_idf=True, norm="l2")
        x_train = vec.fit_transform(train_texts)
        x_test = vec.transform(test_texts)
        terms = list(vec.get_feature_names_out())

        if max_features is not None:
            # The cut at max_features must not fall inside a tie of corpus term counts
            # (sklearn's argsort there is not stable): check that it doesn't.
            cv = CountVectorizer(ngram_range=(1, ngram_max), min_df=min_df, max_df=max_df)
            tf = np.sort(np.asarray(cv.fit_transform(train_texts).sum(axis=0)).ravel())[::-1]
            assert tf[max_features - 1] != tf[max_features], (
                f"{name}: tie at the max_features cut ({tf[max_features - 1]}); edit the corpus")

        def rows(m):
            m = m.tocsr()
            out = []
            for i in range(m.shape[0]):
                start, end = m.indptr[i], m.indptr[i + 1]
                out.append({terms[j]: sig(v)
                            for j, v in zip(m.indices[start:end], m.data[start:end]) if v != 0})
            return out

        vectorizers.append({
            "name": name,
            "options": {
                "ngram_max": ngram_max,
                "min_df": df_option(min_df),
                "max_df": df_option(max_df),
                "max_features": max_features,
                "sublinear_tf": sublinear,
                "smooth_idf": True,
                "norm": "l2",
            },
            "vocabulary": terms,
            "idf": [sig(v) for v in vec.idf_],
            "train_matrix": rows(x_train),
            "test_matrix": rows(x_test),
        })
        fitted[name] = (x_train, x_test)

    model_specs = []
    for vname in ("unigram", "bigram_sublinear_mindf2"):
        model_specs += [
            (vname, "topic", "nb", {"alpha": 1.0, "fit_prior": True}),
            (vname, "topic", "nb", {"alpha": 0.1, "fit_prior": False}),
            (vname, "topic", "cnb", {"alpha": 1.0}),
            (vname, "topic", "cnb", {"alpha": 0.3}),
            (vname, "topic", "lr", {"c": 10.0}),
            (vname, "topic", "lr", {"c": 1.0}),
            (vname, "mood", "lr", {"c": 1.0}),
            (vname, "mood", "nb", {"alpha": 1.0, "fit_prior": True}),
            (vname, "mood", "cnb", {"alpha": 1.0}),
        ]

    models = []
    for vname, field, algo, params in model_specs:
        x_train, x_test = fitted[vname]
        y = labels["train"][field]
        entry = {"vectorizer": vname, "field": field, "algorithm": algo}
        if algo == "nb":
            clf = MultinomialNB(alpha=params["alpha"], fit_prior=params["fit_prior"])
            entry.update(alpha=params["alpha"], fit_prior=params["fit_prior"])
            tag = f"alpha{params['alpha']:g}_prior{'T' if params['fit_prior'] else 'F'}"
        elif algo == "cnb":
            clf = ComplementNB(alpha=params["alpha"])
            entry.update(alpha=params["alpha"])
            tag = f"alpha{params['alpha']:g}"
        else:
            tol, max_iter = 1e-10, 10000
            clf = LogisticRegression(C=params["c"], tol=tol, max_iter=max_iter, solver="lbfgs")
            entry.update(c=params["c"], tolerance=tol, max_iterations=max_iter)
            tag = f"c{params['c']:g}"
        clf.fit(x_train, y)
        if algo == "lr":
            assert int(np.max(clf.n_iter_)) < 10000, f"{vname}/{field}/lr did not converge"
        proba = clf.predict_proba(x_test)
        pred = clf.predict(x_test)
        entry["name"] = f"{field}_{algo}_{tag}_{vname}"
        entry["classes"] = [str(c) for c in clf.classes_]
        assert entry["classes"] == sorted(entry["classes"])
        entry["test_predictions"] = [str(p) for p in pred]
        entry["test_probabilities"] = [[sig(p) for p in row] for row in proba]
        models.append(entry)

    feature_sets, feature_models = analyzer_fixtures(TRAIN + EXTRA_TRAIN, TEST + EXTRA_TEST)

    doc = {
        "sklearn_version": sklearn.__version__,
        "analyzer_train": {"texts": [t for t, _, _ in TRAIN + EXTRA_TRAIN], "labels": {"topic": [c for _, c, _ in TRAIN + EXTRA_TRAIN]}},
        "analyzer_test": {"texts": [t for t, _, _ in TEST + EXTRA_TEST], "labels": {"topic": [c for _, c, _ in TEST + EXTRA_TEST]}},
        "feature_sets": feature_sets,
        "feature_models": feature_models,
        "train": {"texts": train_texts, "labels": labels["train"]},
        "test": {"texts": test_texts, "labels": labels["test"]},
        "vectorizers": vectorizers,
        "models": models,
    }
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as f:
        json.dump(doc, f, sort_keys=True, indent=1, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {output}: {len(vectorizers)} vectorizers, {len(models)} models, "
          f"scikit-learn {sklearn.__version__}", file=sys.stderr)


def analyzer_fixtures(train, test):
    """Character n-grams, a word + char_wb union and hashing, with models on them."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB, MultinomialNB
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.utils import murmurhash3_32

    train_texts = [t for t, _, _ in train]
    test_texts = [t for t, _, _ in test]
    y = [c for _, c, _ in train]

    def block(analyzer, low, high, min_df=1, sublinear=False, bits=None, alternate=False, use_idf=True):
        return {"analyzer": analyzer, "ngram_min": low, "ngram_max": high, "min_df": min_df,
                "sublinear_tf": sublinear, "hash_bits": bits, "alternate_sign": alternate, "use_idf": use_idf}

    def sklearn_block(b):
        if b["hash_bits"] is None:
            return TfidfVectorizer(analyzer=b["analyzer"], ngram_range=(b["ngram_min"], b["ngram_max"]),
                                   min_df=b["min_df"], sublinear_tf=b["sublinear_tf"], use_idf=b["use_idf"])
        return make_pipeline(
            HashingVectorizer(analyzer=b["analyzer"], ngram_range=(b["ngram_min"], b["ngram_max"]),
                              n_features=2 ** b["hash_bits"], alternate_sign=b["alternate_sign"], norm=None),
            TfidfTransformer(sublinear_tf=b["sublinear_tf"], use_idf=b["use_idf"]))

    specs = [
        ("char_2_4", [block("char", 2, 4)]),
        ("char_wb_2_5_mindf2_sublinear", [block("char_wb", 2, 5, min_df=2, sublinear=True)]),
        ("union_word_1_2_char_wb_2_5", [block("word", 1, 2, sublinear=True), block("char_wb", 2, 5, min_df=2, sublinear=True)]),
        ("hashing_10_sublinear", [block("word", 1, 1, sublinear=True, bits=10)]),
        ("hashing_10_bigram_no_idf", [block("word", 1, 2, bits=10, use_idf=False)]),
        ("hashing_8_signed", [block("word", 1, 1, bits=8, alternate=True)]),
    ]

    def rows(m):
        m = m.tocsr()
        return [{str(j): sig(v) for j, v in zip(m.indices[m.indptr[i]:m.indptr[i + 1]], m.data[m.indptr[i]:m.indptr[i + 1]]) if v != 0}
                for i in range(m.shape[0])]

    sets, fitted = [], {}
    for name, blocks in specs:
        union = make_union(*[sklearn_block(b) for b in blocks]) if len(blocks) > 1 else sklearn_block(blocks[0])
        x_train = union.fit_transform(train_texts)
        x_test = union.transform(test_texts)
        fitted_blocks = [est for _, est in union.transformer_list] if len(blocks) > 1 else [union]
        described = []
        for spec, est in zip(blocks, fitted_blocks):
            if spec["hash_bits"] is None:
                described.append({"vocabulary": list(est.get_feature_names_out()),
                                  "idf": [sig(v) for v in est.idf_] if spec["use_idf"] else None})
            else:
                transformer = est.steps[-1][1]
                described.append({"vocabulary": None,
                                  "idf": [sig(v) for v in transformer.idf_] if spec["use_idf"] else None})
        sets.append({"name": name, "blocks": blocks, "fitted": described,
                     "train_matrix": rows(x_train), "test_matrix": rows(x_test)})
        fitted[name] = (x_train, x_test)

    probes = ["the", "match", "caf\u00e9", "gen\u00e8ve", "peace plan", "\u201cpeace\u201d", " ab ", "z\u00fcrich fans"]
    buckets = []
    for term in probes:
        h = murmurhash3_32(term.encode("utf-8"), seed=0)
        buckets.append({"term": term, "murmur3": h, "bucket_2_18": abs(h) % 2 ** 18, "negative": h < 0})

    models = []
    for vname, algos in (("union_word_1_2_char_wb_2_5", ("nb", "cnb", "lr")), ("char_wb_2_5_mindf2_sublinear", ("cnb", "lr")),
                         ("hashing_10_sublinear", ("nb", "cnb", "lr")), ("hashing_8_signed", ("lr",))):
        x_train, x_test = fitted[vname]
        for algo in algos:
            if algo == "nb":
                clf, entry = MultinomialNB(alpha=0.1), {"alpha": 0.1}
            elif algo == "cnb":
                clf, entry = ComplementNB(alpha=0.3), {"alpha": 0.3}
            else:
                clf, entry = LogisticRegression(C=10.0, tol=1e-10, max_iter=10000), {"c": 10.0, "tolerance": 1e-10, "max_iterations": 10000}
            clf.fit(x_train, y)
            entry.update(name=f"topic_{algo}_{vname}", feature_set=vname, algorithm=algo,
                         classes=[str(c) for c in clf.classes_],
                         test_predictions=[str(p) for p in clf.predict(x_test)],
                         test_probabilities=[[sig(p) for p in row] for row in clf.predict_proba(x_test)])
            models.append(entry)
    return {"sets": sets, "murmur3_probes": buckets}, models


if __name__ == "__main__":
    ensure_venv_and_reexec()
    main(sys.argv[1:])
