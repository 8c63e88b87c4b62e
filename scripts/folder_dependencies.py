#!/usr/bin/env python3
"""Which folders of Sources/TextClassification use which others' types, and any cycle among them.

A heuristic read of the source (declared type names, then whole-word uses), good enough to keep
the architecture's direction honest: Support ← Text ← Features ← Models ← Evaluation/Pipeline.
Exit status 1 when the folders depend on each other in a circle.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "TextClassification")
DECL = re.compile(r"^(?:@\w+\s+)*(?:public |package |internal |private |fileprivate )?(?:final )?(?:struct|enum|class|protocol|typealias)\s+(\w+)", re.M)


def strip(text):
    text = re.sub(r"//.*", "", text)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


folders = sorted(d for d in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, d)) and not d.endswith(".docc"))
files = {f: [os.path.join(ROOT, f, n) for n in os.listdir(os.path.join(ROOT, f)) if n.endswith(".swift")] for f in folders}
owner = {}
for folder, paths in files.items():
    for path in paths:
        for name in DECL.findall(strip(open(path, encoding="utf-8").read())):
            owner.setdefault(name, folder)
uses = {f: {} for f in folders}
for folder, paths in files.items():
    for path in paths:
        text = strip(open(path, encoding="utf-8").read())
        for name, home in owner.items():
            if home != folder and re.search(r"\b%s\b" % re.escape(name), text):
                uses[folder].setdefault(home, set()).add(f"{os.path.basename(path)}: {name}")
for folder in folders:
    print(f"{folder} -> {', '.join(sorted(uses[folder])) or '(nothing)'}")


def cycle():
    state = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in uses[node]:
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt, stack + [nxt])
                if found:
                    return found
        state[node] = 2
        return None

    for f in folders:
        if f not in state:
            found = visit(f, [f])
            if found:
                return found
    return None


found = cycle()
if found:
    print("cycle: " + " -> ".join(found), file=sys.stderr)
    for a, b in zip(found, found[1:]):
        print(f"  {a} -> {b}: {'; '.join(sorted(uses[a][b]))}", file=sys.stderr)
    sys.exit(1)
print("no cycles")
