"""The environment every script here runs in: Java 17 and a venv with pyspark and pyarrow.

`ensure()` installs what is missing (Debian's openjdk-17-jre-headless through apt-get, the Python
packages from PyPI into scripts/spark/.venv, about 850 MB) and then re-runs the calling script with
the venv's interpreter, so `python3 scripts/spark/train.py ...` works on a fresh machine.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")
# Pinned so that a Spark model, its export and the recorded test fixtures agree on one version.
REQUIREMENTS = ["pyspark==4.3.0", "numpy", "pandas<3", "pyarrow"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_java():
    if shutil.which("java"):
        return
    log("java not found: apt-get install openjdk-17-jre-headless")
    subprocess.check_call(["apt-get", "update", "-qq"])
    subprocess.check_call(["apt-get", "install", "-y", "-qq", "openjdk-17-jre-headless"],
                          env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def ensure_venv(need_spark=True):
    stamp = os.path.join(VENV, "requirements.txt")
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if not os.path.exists(VENV_PY):
        log(f"creating {VENV}")
        subprocess.check_call([sys.executable, "-m", "venv", "--clear", VENV])
    have = open(stamp).read() if os.path.exists(stamp) else ""
    if have != wanted:
        log("installing " + " ".join(REQUIREMENTS) + " (about 850 MB)")
        subprocess.check_call([VENV_PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               *REQUIREMENTS])
        with open(stamp, "w") as f:
            f.write(wanted)


def ensure(need_java=True):
    """Installs what is missing, then continues in the venv's interpreter (re-executing once)."""
    if need_java:
        ensure_java()
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    ensure_venv()
    os.execv(VENV_PY, [VENV_PY, *sys.argv])
