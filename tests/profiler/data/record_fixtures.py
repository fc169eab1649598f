"""Re-record the attribution fixtures with a real py-spy run:

    .venv/bin/python tests/profiler/data/record_fixtures.py [NAME...]

For each NAME.kiln here, `kiln profile`'s recorder runs it under py-spy and
keeps py-spy's own speedscope output as NAME.pyspy.json, with machine paths
replaced by placeholders (the program's folder, Kiln's packages, the
interpreter, the compiled-module cache) so the tests can map them back on
any machine, and identical stacks merged (weights summed) to keep it small.
NAME.meta.json records the rate and the program's pid (its main thread).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def placeholders(modules_dir: str) -> dict[str, str]:
    """Placeholder -> this machine's path; longest paths are replaced first."""
    from kiln.profiler.frame_kinds import kiln_package_dirs
    mapping = {"$PROGRAM_DIR": HERE, "$MODULES": modules_dir,
               "$PYTHON_PREFIX": os.path.realpath(sys.base_prefix), "$VENV": sys.prefix}
    for path in kiln_package_dirs():
        mapping[f"$KILN_{os.path.basename(path)}"] = path
    return mapping


def sanitize(text: str, mapping: dict[str, str]) -> str:
    for key, path in sorted(mapping.items(), key=lambda kv: -len(kv[1])):
        text = text.replace(json.dumps(path)[1:-1], key)
    return text


def merge_stacks(document: dict) -> dict:
    for profile in document["profiles"]:
        weights: dict[tuple, float] = {}
        for stack, weight in zip(profile["samples"], profile["weights"]):
            weights[tuple(stack)] = weights.get(tuple(stack), 0.0) + weight
        profile["samples"] = [list(s) for s in weights]
        profile["weights"] = [round(w, 6) for w in weights.values()]
    return document


def record_one(name: str, rate: int = 1000) -> None:
    from kiln.profiler.session import RecordRequest, record
    program = os.path.join(HERE, f"{name}.kiln")
    with tempfile.TemporaryDirectory() as tmp:
        raw_path = os.path.join(tmp, "raw.json")
        recording = record(RecordRequest(program, rate=rate, keep_raw=raw_path))
        with open(raw_path, encoding="utf-8") as fh:
            document = merge_stacks(json.load(fh))
    text = sanitize(json.dumps(document, separators=(",", ":")), placeholders(recording.modules_dir))
    with open(os.path.join(HERE, f"{name}.pyspy.json"), "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    meta = {"rate": rate, "pid": recording.pid, "exit_code": recording.exit_code,
            "py_spy": document.get("exporter", "")}
    with open(os.path.join(HERE, f"{name}.meta.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1)
        fh.write("\n")
    print(f"{name}: {sum(len(p['samples']) for p in document['profiles'])} distinct stacks")


if __name__ == "__main__":
    for fixture in sys.argv[1:] or ["mixed", "structs"]:
        record_one(fixture)
