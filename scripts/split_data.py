#!/usr/bin/env python3
"""Validate the labelled corpus and split it into train and test files.

Reads data/seed.jsonl, data/written/*.jsonl and data/reported/*.jsonl (in name order), checks
every line, refuses to split if two paragraphs are near-duplicates (so that no duplicate can end
up on both sides of a split), then writes:

- data/test.jsonl: paragraphs written from real reports, held out by *site*: about a fifth of
  the reported paragraphs, whole sites at a time (seeded), so no page and no site is on both
  sides. This is the headline test: text from outlets the model never saw.
- data/test-written.jsonl: the earlier writer-based test split (stratified by topic and stance,
  seeded), without its seed paragraphs: a secondary figure, sharing writers with training.
- data/train.jsonl: everything else, the whole seed article included.

Every output record carries a `group` field for grouped cross-validation (`textclf cv
--group-field group`): the site for reported paragraphs, `seed` for the seed article, and the
paragraph's own id for written ones (each is its own source).

Usage: python3 scripts/split_data.py

Exit status: 0 on success; 1 on invalid data or near-duplicates, with one
`FILE:LINE: problem` line per problem on standard error.
Python 3 standard library only. Running it twice gives byte-identical output.
"""

import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED_FILE = DATA / "seed.jsonl"
WRITTEN_DIR = DATA / "written"
REPORTED_DIR = DATA / "reported"
TRAIN_FILE = DATA / "train.jsonl"
TEST_FILE = DATA / "test.jsonl"
WRITTEN_TEST_FILE = DATA / "test-written.jsonl"

KEYS = ("id", "text", "topic", "stance", "source")
REPORTED_KEYS = KEYS + ("url",)
OUTPUT_KEYS = REPORTED_KEYS + ("group",)
REPORTED_TEST_FRACTION = 0.2
TOPICS = {"territory", "guarantees", "military", "polling"}
STANCES = {"favor", "against", "none"}
SPLIT_SEED = 20261127
TEST_FRACTION = 0.2
JACCARD_THRESHOLD = 0.5
SHINGLE_SIZE = 3


class DataError(Exception):
    """A problem located at FILE:LINE."""

    def __init__(self, path, line, problem):
        super().__init__(f"{rel(path)}:{line}: {problem}")


def rel(path):
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return str(path)


def input_files():
    files = [(SEED_FILE, "seed")]
    files += [(p, "written") for p in sorted(WRITTEN_DIR.glob("*.jsonl"), key=lambda p: p.name)]
    files += [(p, "reported") for p in sorted(REPORTED_DIR.glob("part-*.jsonl"), key=lambda p: p.name)]
    return files


def site(url):
    """The host of `url`, without a leading www."""
    host = urlparse(url).netloc.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def read_records(path, expected_source, seen_ids):
    """Parse and validate one JSON Lines file; raise DataError on the first problem."""
    records = []
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(path, 0, f"cannot read file: {error.strerror}")
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(path, line, "not valid UTF-8")
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last record
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if not line.strip():
            raise DataError(path, number, "empty line")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(path, number, f"invalid JSON: {error.msg} (column {error.colno})")
        if not isinstance(obj, dict):
            raise DataError(path, number, "not a JSON object")
        keys = REPORTED_KEYS if expected_source == "reported" else KEYS
        for key in keys:
            if key not in obj:
                raise DataError(path, number, f'missing key "{key}"')
            if not isinstance(obj[key], str):
                raise DataError(path, number, f'key "{key}" is not a string')
        extra = sorted(set(obj) - set(keys))
        if extra:
            raise DataError(path, number, f"unexpected key(s): {', '.join(extra)}")
        rid = obj["id"]
        if not rid.strip():
            raise DataError(path, number, "empty id")
        if not obj["text"].strip():
            raise DataError(path, number, f"{rid}: empty text")
        if obj["topic"] not in TOPICS:
            raise DataError(path, number, f'{rid}: unknown topic "{obj["topic"]}"')
        if obj["stance"] not in STANCES:
            raise DataError(path, number, f'{rid}: unknown stance "{obj["stance"]}"')
        if obj["source"] != expected_source:
            raise DataError(path, number,
                            f'{rid}: source is "{obj["source"]}", expected "{expected_source}"')
        if rid in seen_ids:
            other_path, other_line = seen_ids[rid]
            raise DataError(path, number,
                            f"duplicate id {rid} (first at {rel(other_path)}:{other_line})")
        seen_ids[rid] = (path, number)
        if expected_source == "reported" and not obj["url"].startswith(("http://", "https://")):
            raise DataError(path, number, f'{rid}: url is not an http(s) address')
        record = {key: obj[key] for key in keys}
        record["group"] = {"seed": "seed", "written": rid}.get(expected_source) or site(obj["url"])
        records.append((record, path, number))
    return records


def normalise(text):
    """Lowercase, keep letters and digits, collapse everything else to single spaces."""
    chars = [ch if ch.isalnum() else " " for ch in text.lower()]
    return " ".join("".join(chars).split())


def shingles(normalised):
    words = normalised.split()
    if len(words) < SHINGLE_SIZE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_SIZE]) for i in range(len(words) - SHINGLE_SIZE + 1)}


def near_duplicates(entries):
    """Return (i, j, reason) for every near-duplicate pair, i < j, in input order.

    An inverted index from shingle to documents keeps this close to linear: only
    documents that share at least one shingle are ever compared.
    """
    pairs = []
    by_text = {}
    index = defaultdict(list)
    sets = []
    for j, (record, _, _) in enumerate(entries):
        norm = normalise(record["text"])
        own = shingles(norm)
        sets.append(own)
        reported = set()
        if norm in by_text:
            i = by_text[norm]
            pairs.append((i, j, "identical normalised text"))
            reported.add(i)
        else:
            by_text[norm] = j
        shared = defaultdict(int)
        for shingle in own:
            for i in index[shingle]:
                shared[i] += 1
        for i in sorted(shared):
            if i in reported:
                continue
            inter = shared[i]
            jaccard = inter / (len(own) + len(sets[i]) - inter)
            if jaccard >= JACCARD_THRESHOLD:
                pairs.append((i, j, f"Jaccard {jaccard:.2f} on word {SHINGLE_SIZE}-shingles"))
        for shingle in own:
            index[shingle].append(j)
    return sorted(pairs)


def allocate(total, sizes):
    """Split `total` over buckets proportionally to `sizes` (largest remainder, ties by order)."""
    whole = sum(sizes)
    if whole == 0:
        return [0] * len(sizes)
    exact = [total * s / whole for s in sizes]
    counts = [int(x) for x in exact]
    order = sorted(range(len(sizes)), key=lambda k: (-(exact[k] - counts[k]), k))
    for k in order[: total - sum(counts)]:
        counts[k] += 1
    return counts


def split(records):
    """Stratify by (topic, stance); within a stratum spread seed and written proportionally."""
    rng = random.Random(SPLIT_SEED)
    strata = defaultdict(list)
    for record in records:
        strata[(record["topic"], record["stance"])].append(record)
    train, test = [], []
    for key in sorted(strata):
        members = strata[key]
        n_test = int(len(members) * TEST_FRACTION + 0.5)
        sources = sorted({r["source"] for r in members})
        buckets = [sorted((r for r in members if r["source"] == s), key=lambda r: r["id"])
                   for s in sources]
        for bucket, k in zip(buckets, allocate(n_test, [len(b) for b in buckets])):
            rng.shuffle(bucket)
            test.extend(bucket[:k])
            train.extend(bucket[k:])
    return sorted(train, key=lambda r: r["id"]), sorted(test, key=lambda r: r["id"])


def split_by_site(records):
    """Whole sites to test, in seeded order, until a fifth of the paragraphs is held out."""
    by_site = defaultdict(list)
    for record in records:
        by_site[record["group"]].append(record)
    sites = sorted(by_site)
    random.Random(SPLIT_SEED).shuffle(sites)
    wanted = round(len(records) * REPORTED_TEST_FRACTION)
    train, test = [], []
    for name in sites:
        (test if len(test) < wanted else train).extend(by_site[name])
    return train, test


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in sorted(records, key=lambda r: r["id"]):
            out.write(json.dumps({key: record[key] for key in OUTPUT_KEYS if key in record}, ensure_ascii=False) + "\n")


def main():
    seen_ids = {}
    entries = []
    try:
        for path, source in input_files():
            entries.extend(read_records(path, source, seen_ids))
    except DataError as error:
        print(error, file=sys.stderr)
        return 1

    pairs = near_duplicates(entries)
    if pairs:
        for i, j, reason in pairs:
            (a, a_path, a_line), (b, b_path, b_line) = entries[i], entries[j]
            print(f"{rel(b_path)}:{b_line}: near-duplicate: {b['id']} and {a['id']} "
                  f"({rel(a_path)}:{a_line}), {reason}", file=sys.stderr)
        print(f"{len(pairs)} near-duplicate pair(s); not splitting", file=sys.stderr)
        return 1

    records = [record for record, _, _ in entries]
    ours = [r for r in records if r["source"] != "reported"]
    reported = [r for r in records if r["source"] == "reported"]
    written_train, written_test = split(ours)
    # The seed article stays wholly in training; its paragraphs leave the secondary test.
    written_train += [r for r in written_test if r["source"] == "seed"]
    written_test = [r for r in written_test if r["source"] != "seed"]
    reported_train, reported_test = split_by_site(reported)
    train = written_train + reported_train
    write_jsonl(TRAIN_FILE, train)
    write_jsonl(TEST_FILE, reported_test)
    write_jsonl(WRITTEN_TEST_FILE, written_test)
    sites = lambda rs: len({r["group"] for r in rs})
    print(f"{len(records)} paragraphs: {len(train)} train ({len(reported_train)} reported from {sites(reported_train)} sites), "
          f"{len(reported_test)} test (reported, {sites(reported_test)} other sites), "
          f"{len(written_test)} written test (secondary)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
