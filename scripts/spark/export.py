#!/usr/bin/env python3
"""Writes the textclf interchange file of a saved Spark ML PipelineModel, without a JVM:

    python3 scripts/spark/export.py DIR            # writes DIR/textclf-interchange.json
    python3 scripts/spark/export.py DIR --output model.json

Spark saves a PipelineModel as JSON metadata (DIR/metadata/part-00000*, and the same per stage
under DIR/stages/N_UID/) and, for fitted stages, one row of Snappy Parquet under .../data/.
This script copies every metadata object as Spark wrote it and decodes each data row with pyarrow:
Spark's vector structs become a list of doubles, its matrix structs (dense or sparse, column- or
row-major) become {"rows", "columns", "values" in row-major order}, other columns are copied.
It interprets nothing else and refuses nothing: `textclf import-spark` checks every stage and
parameter. The format is documented in docs/scale.md ("The interchange file").
"""
import argparse
import glob
import json
import math
import os
import sys

DEFAULT_NAME = "textclf-interchange.json"
FORMAT = "textclf-spark-interchange"
VERSION = 1


def read_metadata(folder):
    parts = sorted(glob.glob(os.path.join(folder, "metadata", "part-00000*")))
    parts = [p for p in parts if not os.path.basename(p).startswith(".")]
    if not parts:
        raise SystemExit(f"{folder}: no metadata/part-00000* (not a saved Spark ML stage)")
    with open(parts[0], encoding="utf-8") as f:
        return json.loads(f.readline())


def dense_vector(struct):
    if struct["type"] == 1:
        return list(struct["values"])
    values = [0.0] * struct["size"]
    for index, value in zip(struct["indices"], struct["values"]):
        values[index] = value
    return values


def dense_matrix(struct):
    rows, columns = struct["numRows"], struct["numCols"]
    out = [0.0] * (rows * columns)
    values, transposed = struct["values"], struct["isTransposed"]
    if struct["type"] == 1:
        for k, value in enumerate(values):
            # Column-major unless transposed, in which case row-major.
            r, c = (k // columns, k % columns) if transposed else (k % rows, k // rows)
            out[r * columns + c] = value
    else:
        pointers, indices = struct["colPtrs"], struct["rowIndices"]
        for major in range(len(pointers) - 1):
            for k in range(pointers[major], pointers[major + 1]):
                r, c = (major, indices[k]) if transposed else (indices[k], major)
                out[r * columns + c] = values[k]
    return {"rows": rows, "columns": columns, "values": out}


def convert(value):
    if isinstance(value, dict) and "type" in value and "values" in value:
        return dense_matrix(value) if "numRows" in value else dense_vector(value)
    return value


def read_data(folder):
    path = os.path.join(folder, "data")
    if not os.path.isdir(path):
        return None
    import pyarrow.parquet as pq
    files = sorted(p for p in glob.glob(os.path.join(path, "*.parquet")) if not os.path.basename(p).startswith("."))
    rows = [row for p in files for row in pq.read_table(p).to_pylist()]
    if len(rows) != 1:
        raise SystemExit(f"{path}: {len(rows)} rows of data; a fitted Spark ML stage saves exactly one")
    return {name: convert(value) for name, value in rows[0].items()}


def check_finite(value, where):
    if isinstance(value, float) and not math.isfinite(value):
        raise SystemExit(f"{where}: holds {value}, which JSON cannot carry")
    if isinstance(value, list):
        for item in value:
            check_finite(item, where)
    if isinstance(value, dict):
        for item in value.values():
            check_finite(item, where)


def export(model_dir, output):
    pipeline = read_metadata(model_dir)
    uids = pipeline.get("paramMap", {}).get("stageUids")
    if pipeline.get("class") != "org.apache.spark.ml.PipelineModel" or not isinstance(uids, list):
        raise SystemExit(f"{model_dir}: not a saved PipelineModel (class {pipeline.get('class')})")
    stages = []
    for index, uid in enumerate(uids):
        folder = os.path.join(model_dir, "stages", f"{index}_{uid}")
        if not os.path.isdir(folder):
            raise SystemExit(f"{model_dir}: stage {index} ({uid}) has no folder stages/{index}_{uid}")
        data = read_data(folder)
        check_finite(data, folder)
        stages.append({"metadata": read_metadata(folder), "data": data})
    document = {"format": FORMAT, "version": VERSION, "pipeline": pipeline, "stages": stages}
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, output)
    print(f"wrote {output} ({len(stages)} stages)", file=sys.stderr)


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import sparkenv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="the saved PipelineModel folder")
    p.add_argument("--output", help=f"default MODEL/{DEFAULT_NAME}")
    args = p.parse_args()
    sparkenv.ensure(need_java=False)
    export(args.model, args.output or os.path.join(args.model, DEFAULT_NAME))


if __name__ == "__main__":
    main()
