"""The comparison for `make bench-serve`: the shipped model's pipeline in scikit-learn behind
FastAPI, as a user would serve it (`uvicorn sklearn_server:app --workers 2`, one worker a core).

The same options as models/ukraine.textclf (models/selection.json): the union of word 1+2-grams
(min_df 1) and char_wb 2-5-grams (min_df 2), sublinear tf, l2; logistic regression per field,
C=10 with balanced class weights. scikit-learn's own token pattern, so the word vocabulary differs
slightly from textclf's news rules; the work per request is the same kind and size. Answers the same JSON as `POST /v1/classify` for {"text": ...}.

`python sklearn_server.py fit DATA MODEL` fits and pickles the pipeline once; the server's
workers load it from $TEXTCLF_SK_MODEL, as a deployment would.
"""
import json
import os
import pickle
import sys

FIELDS = {"topic": 10.0, "stance": 10.0}


def fit(data_path, model_path):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    rows = [json.loads(line) for line in open(data_path, encoding="utf-8") if line.strip()]
    texts = [row["text"] for row in rows]
    vectorizer = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, smooth_idf=True, norm="l2"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, smooth_idf=True, norm="l2"))
    features = vectorizer.fit_transform(texts)
    models = {}
    for field, c in FIELDS.items():
        models[field] = LogisticRegression(C=c, max_iter=1000, class_weight="balanced").fit(features, [row[field] for row in rows])
    with open(model_path, "wb") as f:
        pickle.dump({"vectorizer": vectorizer, "models": models}, f)


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "fit":
    fit(sys.argv[2], sys.argv[3])
    sys.exit(0)

from fastapi import FastAPI  # noqa: E402
from pydantic import BaseModel  # noqa: E402

with open(os.environ["TEXTCLF_SK_MODEL"], "rb") as f:
    PIPELINE = pickle.load(f)

app = FastAPI()


class Query(BaseModel):
    text: str


@app.post("/v1/classify")
def classify(query: Query):
    features = PIPELINE["vectorizer"].transform([query.text])
    answer = {"text": query.text}
    for field, model in PIPELINE["models"].items():
        probabilities = model.predict_proba(features)[0]
        best = int(probabilities.argmax())
        answer[field] = {"label": str(model.classes_[best]),
                         "probabilities": {str(label): float(p) for label, p in zip(model.classes_, probabilities)}}
    return answer
