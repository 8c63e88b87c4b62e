#!/usr/bin/env python3
"""Check files of paragraphs written from real reports (data/reported/*.jsonl).

Usage: python3 scripts/check_reported.py [FILE ...]   (default: every data/reported/*.jsonl)

Checks each line's fields and labels, that every url is an http(s) address, that no page
(url) supplies more than 8 paragraphs, and that no two paragraphs from different pages share
a run of eight words. Prints counts per label, pages and sites, and one FILE:LINE: problem
line per problem; exits 1 if there was any problem.
Python 3 standard library only.
"""
import glob
import json
import re
import sys
from collections import Counter, defaultdict
from urllib.parse import urlparse

TOPICS = {"territory", "guarantees", "military", "polling"}
STANCES = {"favor", "against", "none"}
KEYS = {"id", "text", "topic", "stance", "source", "url"}
MAX_PER_PAGE = 8
RUN = 8
WORD = re.compile(r"[^\W_]+")  # runs of letters and digits, as CorpusTests splits words


def site(url):
    host = urlparse(url).netloc.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def runs(text):
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def main(paths):
    problems = []
    records = []
    ids = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                where = f"{path}:{n}"
                if not line.strip():
                    problems.append(f"{where}: empty line")
                    continue
                try:
                    r = json.loads(line)
                except ValueError as e:
                    problems.append(f"{where}: invalid JSON ({e})")
                    continue
                if set(r) != KEYS:
                    problems.append(f"{where}: keys must be exactly {sorted(KEYS)}, got {sorted(r)}")
                    continue
                if r["topic"] not in TOPICS:
                    problems.append(f"{where}: topic {r['topic']!r}")
                if r["stance"] not in STANCES:
                    problems.append(f"{where}: stance {r['stance']!r}")
                if r["source"] != "reported":
                    problems.append(f"{where}: source must be \"reported\"")
                if not str(r["url"]).startswith(("http://", "https://")):
                    problems.append(f"{where}: url {r['url']!r}")
                if len(r["text"].split()) < 12:
                    problems.append(f"{where}: text is under 12 words")
                if r["id"] in ids:
                    problems.append(f"{where}: id {r['id']} already used at {ids[r['id']]}")
                ids[r["id"]] = where
                records.append((where, r))
    per_page = Counter(r["url"] for _, r in records)
    for url, count in per_page.items():
        if count > MAX_PER_PAGE:
            problems.append(f"{url}: {count} paragraphs from one page (at most {MAX_PER_PAGE})")
    owner = {}
    for where, r in records:
        for run in runs(r["text"]):
            other = owner.get(run)
            if other is None:
                owner[run] = (where, r["url"])
            elif other[1] != r["url"]:
                problems.append(f"{where}: shares the eight-word run \"{run}\" with {other[0]} (another page)")
                break
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(records)} paragraphs, {len(per_page)} pages, {len({site(u) for u in per_page})} sites")
    print("topic: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r['topic'] for _, r in records).items())))
    print("stance: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r['stance'] for _, r in records).items())))
    return 1 if problems else 0


if __name__ == "__main__":
    files = sys.argv[1:] or sorted(glob.glob("data/reported/*.jsonl"))
    sys.exit(main(files))
