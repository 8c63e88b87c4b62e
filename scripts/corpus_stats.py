#!/usr/bin/env python3
"""Print Markdown tables describing data/train.jsonl, data/test.jsonl and data/test-written.jsonl.

Usage: python3 scripts/corpus_stats.py > counts.md

Tables: per split, per topic, per stance, topic x stance, per source.
Python 3 standard library only.
"""

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLITS = (("train", ROOT / "data" / "train.jsonl"), ("test", ROOT / "data" / "test.jsonl"),
          ("test-written", ROOT / "data" / "test-written.jsonl"))
TOPICS = ("territory", "guarantees", "military", "polling")
STANCES = ("favor", "against", "none")
SOURCES = ("seed", "written", "reported")


def load(path):
    records = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                sys.exit(f"{path.relative_to(ROOT)}:{number}: invalid JSON: {error.msg}")
    return records


def ordered(known, seen):
    """Known labels in their usual order, then anything unexpected so nothing is hidden."""
    return list(known) + sorted(set(seen) - set(known))


def table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(out)


def by_split_table(title, field, known, data):
    counts = {name: Counter(r.get(field) for r in records) for name, records in data.items()}
    total = Counter()
    for c in counts.values():
        total.update(c)
    n = sum(total.values())
    rows = []
    for label in ordered(known, total):
        rows.append([f"`{label}`"] + [counts[name][label] for name in data]
                    + [total[label], f"{total[label] / n:.1%}" if n else "–"])
    rows.append(["**total**"] + [len(records) for records in data.values()] + [n, "100%"])
    return f"### {title}\n\n" + table([field] + list(data) + ["all", "share"], rows)


def main():
    data = {name: load(path) for name, path in SPLITS}
    everything = [r for records in data.values() for r in records]
    n = len(everything)

    sections = []
    split_rows = [[name, len(records), f"{len(records) / n:.1%}" if n else "–"]
                  for name, records in data.items()]
    split_rows.append(["**total**", n, "100%"])
    sections.append("### Per split\n\n" + table(["split", "paragraphs", "share"], split_rows))

    sections.append(by_split_table("Per topic", "topic", TOPICS, data))
    sections.append(by_split_table("Per stance", "stance", STANCES, data))

    pairs = Counter((r.get("topic"), r.get("stance")) for r in everything)
    test_pairs = Counter((r.get("topic"), r.get("stance")) for r in data["test"])
    topics = ordered(TOPICS, (t for t, _ in pairs))
    stances = ordered(STANCES, (s for _, s in pairs))
    rows = []
    for topic in topics:
        cells = [f"{pairs[(topic, s)]} ({test_pairs[(topic, s)]})" for s in stances]
        rows.append([f"`{topic}`"] + cells + [sum(pairs[(topic, s)] for s in stances)])
    rows.append(["**total**"] + [sum(pairs[(t, s)] for t in topics) for s in stances] + [n])
    sections.append("### Topic × stance (all data; test in parentheses)\n\n"
                    + table(["topic \\ stance"] + stances + ["total"], rows))

    sections.append(by_split_table("Per source", "source", SOURCES, data))

    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
