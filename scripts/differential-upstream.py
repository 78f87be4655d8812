#!/usr/bin/env python3
"""Runs every action `synapse plugin create` generates under upstream's synapse-sdk and ours.

Called by scripts/differential-upstream, which makes the Debian root with upstream's wheel
installed and builds synapse. For each category it

1. renders a plugin with ``synapse plugin create`` (neural_net: data type image) and makes
   two copies, one per runtime, each holding the sample files the README's examples name
   (a labelled dataset at ``path/to/dataset``, input files);
2. runs the ``synapse plugin run <action> --mode local --params '...'`` examples of the
   plugin's README, in order: under upstream inside the root (its own CLI, `synapse plugin
   run --mode local`, i.e. its LocalExecutor; no ~/.synapse, so no backend client), and
   under ours (`synapse plugin run --json`, reading the ``result`` event);
3. prints one row per action: whether each runtime ran it, and whether the two results are
   the same once each copy's directory is written as ``<plugin>`` (floats to 1e-9);
4. runs the plugin's own tests under both: pytest in the root, ``synapse plugin test``.

An action whose README has no example runs with ``{}``. Then it runs plugins written the
way upstream's templates are (``runtime/tests/fixtures/upstream_style_plugin`` and, when
present beside the project, the plugins upstream generated in
``../shared/fixtures/upstream/pristine``) under both: upstream runs only some of their
actions without a backend, and the two runtimes must agree on which and on their results.
Exit status 0 when every generated action passed under both and every upstream-style
action agrees. Needs only the standard library and PyYAML.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

CATEGORIES = [
    "neural_net",
    "export",
    "upload",
    "smart_tool",
    "data_validation",
    "pre_annotation",
    "post_annotation",
    "custom",
]
EXAMPLE = re.compile(r"synapse plugin run (\S+) --mode local --params '([^']*)'")
TIMEOUT = 300


def sample_files(suffix: str) -> dict[str, bytes]:
    """A small dataset: two labels in train/val/test splits, one annotation sidecar, text."""
    files: dict[str, bytes] = {}
    for split, count in (("train", 3), ("val", 1), ("test", 1)):
        for label, pattern in (("cat", b"meow purr "), ("dog", b"WOOF! GRR! ")):
            for index in range(count):
                files[f"path/to/dataset/{split}/{label}/{label}{index}{suffix}"] = pattern * (20 + index)
    files[f"path/to/dataset/train/cat/cat0{suffix}.json"] = json.dumps(
        {"annotations": [{"label": " Cat ", "score": 0.9}]}
    ).encode()
    files["path/to/dataset/review.txt"] = b"a great, excellent product"
    files["path/to/input"] = b"meow purr " * 21
    files["path/to/files/a.jpg"] = b"image a"
    files["path/to/files/b.png"] = b"image b"
    files["path/to/files/notes.txt"] = b"notes"
    files["item.txt"] = b"Due 2024-05-01, write to ana@example.com"
    return files


@dataclass
class Outcome:
    ok: bool
    result: object = None
    message: str = ""


@dataclass
class Row:
    category: str
    action: str
    params: str
    upstream: Outcome
    ours: Outcome

    @property
    def passed(self) -> bool:
        return self.upstream.ok and self.ours.ok

    @property
    def agreement(self) -> str:
        """For upstream's own plugins: both ran (and how alike), or both refused."""
        if self.passed:
            return self.same
        return "both fail" if not (self.upstream.ok or self.ours.ok) else "DISAGREE"

    @property
    def same(self) -> str:
        if not self.passed:
            return "-"
        if close(self.upstream.result, self.ours.result):
            return "same"
        keys = lambda r: sorted(r) if isinstance(r, dict) else type(r).__name__  # noqa: E731
        return "same keys" if keys(self.upstream.result) == keys(self.ours.result) else "differs"


def close(a: object, b: object) -> bool:
    """Equal, floats to 1e-9 relative (Python 3.12 made ``sum`` compensated, so sums of
    floats may differ in the last digits between the root's 3.13 and an older host)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b, rel_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return a == b


def normalised(value: object, root: str) -> object:
    """``value`` with the plugin copy's directory written as ``<plugin>``."""
    text = json.dumps(value, sort_keys=True).replace(root.rstrip("/") + "/", "<plugin>/").replace(root, "<plugin>")
    return json.loads(text)


def pytest_summary(text: str) -> str:
    """pytest's ``N passed`` count (the summary line without its timing)."""
    found = re.findall(r"(\d+ (?:passed|failed|error|errors))", text)
    return ", ".join(found[-2:]) if found else last_line(text)


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:160] if lines else ""


class Differential:
    def __init__(self, synapse: Path, chroot: Path, python: str, work: Path):
        self.synapse = synapse
        self.chroot = chroot
        self.python = python
        self.work = work  # under the chroot, so both sides see it
        self.inside = "/" + str(work.relative_to(chroot))

    def create(self, category: str) -> Path:
        target = self.work / category / "created"
        command = [str(self.synapse), "plugin", "create", "--path", str(target), "--name", f"Diff {category}",
                   "--code", f"diff-{category.replace('_', '-')}", "--category", category, "--yes"]
        if category == "neural_net":
            command += ["--data-type", "image"]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        if proc.returncode != 0:
            raise SystemExit(f"plugin create {category} failed:\n{proc.stdout}\n{proc.stderr}")
        (plugin,) = [p for p in target.iterdir() if p.is_dir()]
        return plugin

    def copy(self, plugin: Path, side: str, suffix: str) -> Path:
        root = plugin.parent.parent / side
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(plugin, root)
        for rel, content in sample_files(suffix).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return root

    def run_upstream(self, root: Path, action: str, params: str) -> Outcome:
        inside = self.inside + "/" + str(root.relative_to(self.work))
        bindir = str(Path(self.python).parent)
        command = ["chroot", str(self.chroot), "/usr/bin/env", "-i", "-C", inside, f"PATH={bindir}:/usr/bin:/bin",
                   "HOME=/root", "PYTHONDONTWRITEBYTECODE=1", "COLUMNS=200",
                   f"{bindir}/synapse", "plugin", "run", action, "--mode", "local", "--path", inside,
                   "--params", params]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        results = [line[len("Result: "):] for line in proc.stdout.splitlines() if line.startswith("Result: {")]
        if proc.returncode != 0 or not results:
            return Outcome(False, message=last_line(proc.stderr) or last_line(proc.stdout))
        return Outcome(True, normalised(json.loads(results[-1]), inside))

    def run_ours(self, root: Path, action: str, params: str) -> Outcome:
        command = [str(self.synapse), "plugin", "run", action, "--mode", "local", "--path", str(root),
                   "--params", params, "--json"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("SYNAPSE_")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["SYNAPSE_LOCAL_STORE"] = str(root.parent / "local-store")  # empty: no backend either
        proc = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        result, error = None, ""
        for line in proc.stdout.splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("event") == "result":
                result = event.get("result")
            elif isinstance(event, dict) and event.get("event") == "error":
                error = f"{event.get('class')}: {event.get('message')}"[:160]
        if proc.returncode != 0 or result is None:
            return Outcome(False, message=error or last_line(proc.stderr) or last_line(proc.stdout))
        return Outcome(True, normalised(result, str(root)))

    def tests(self, category: str) -> tuple[str, str]:
        """The plugin's own tests (pytest) under upstream in the root and under ``synapse plugin test``."""
        root = self.work / category / "tests"
        shutil.rmtree(root, ignore_errors=True)
        plugin = next(p for p in (self.work / category / "created").iterdir() if p.is_dir())
        shutil.copytree(plugin, root)
        inside = self.inside + "/" + str(root.relative_to(self.work))
        upstream = subprocess.run(
            ["chroot", str(self.chroot), "/usr/bin/env", "-i", "-C", inside, "PATH=/usr/bin:/bin", "HOME=/root",
             "PYTHONDONTWRITEBYTECODE=1", self.python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            capture_output=True, text=True, timeout=TIMEOUT,
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("SYNAPSE_")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        ours = subprocess.run([str(self.synapse), "plugin", "test", "--path", str(root)], cwd=root, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT)
        summary = lambda proc: ("pass" if proc.returncode == 0 else "FAIL") + ": " + pytest_summary(proc.stdout + proc.stderr)  # noqa: E731
        return summary(upstream), summary(ours)

    def category(self, category: str) -> list[Row]:
        plugin = self.create(category)
        suffix = ".png" if category == "neural_net" else ".txt"
        upstream_root = self.copy(plugin, "upstream", suffix)
        ours_root = self.copy(plugin, "ours", suffix)
        config = yaml.safe_load((plugin / "config.yaml").read_text(encoding="utf-8"))
        readme = (plugin / "README.md").read_text(encoding="utf-8") if (plugin / "README.md").is_file() else ""
        examples = EXAMPLE.findall(readme)
        seen = {action for action, _ in examples}
        examples += [(action, "{}") for action in config.get("actions", {}) if action not in seen]
        rows: dict[str, Row] = {}
        for action, params in examples:
            row = Row(category, action, params, self.run_upstream(upstream_root, action, params),
                      self.run_ours(ours_root, action, params))
            # An action's row is its first example, unless a later one fails.
            if action not in rows or (rows[action].passed and not row.passed):
                rows[action] = row
            print(f"  {category}/{action} {params}: upstream {'ok' if row.upstream.ok else 'FAIL'}, "
                  f"ours {'ok' if row.ours.ok else 'FAIL'}, {row.same}", file=sys.stderr)
        return list(rows.values())


# Plugins written the way upstream's templates are (item: upstream's plugins run locally):
# (directory under the repository or the shared fixtures, action, params). Upstream runs
# only some of them without a backend; the two runtimes should agree on which, and on the
# results of those.
ROOT = Path(__file__).resolve().parent.parent
UPSTREAM_STYLE = [
    (ROOT / "runtime/tests/fixtures/upstream_style_plugin", action, params)
    for action, params in [
        ("check", "{}"),
        ("convert", '{"path": "path/to/dataset", "target_format": "yolo"}'),
        ("keyword_label", '{"plugin": "nn", "version": "1", "text": "a BIG dog"}'),
        ("train", '{"dataset": 1}'),
        ("auto_label", '{"plugin": "nn", "version": "1"}'),
        ("to_task", '{"name": "t", "project": 3, "agent": 4}'),
        ("export", "{}"),
        ("main", "{}"),
    ]
]
PRISTINE = ROOT.parent / "shared/fixtures/upstream/pristine"
UPSTREAM_GENERATED = [
    (PRISTINE / plugin, action, params)
    for plugin, action, params in [
        ("synapse-yolov8-plugin", "test", "{}"),
        ("synapse-yolov8-plugin", "download", '{"dataset": 1}'),
        ("synapse-yolov8-plugin", "train", '{"dataset": 1}'),
        ("synapse-s3-upload-plugin", "upload", '{"name": "u", "path": "path/to/files", "storage": 1, "data_collection": 1}'),
        ("synapse-coco-export-plugin", "export", "{}"),
        ("synapse-hello-custom-plugin", "main", "{}"),
    ]
]


def upstream_plugins(differential: Differential) -> list[Row]:
    rows = []
    for source, action, params in UPSTREAM_STYLE + UPSTREAM_GENERATED:
        if not source.is_dir():
            continue
        name = source.name
        base = differential.work / "upstream-plugins" / name / "created" / name
        if not base.is_dir():
            shutil.copytree(source, base)
        upstream_root = base.parent.parent / "upstream"
        ours_root = base.parent.parent / "ours"
        for root, side in ((upstream_root, "upstream"), (ours_root, "ours")):
            if not root.is_dir():
                differential.copy(base, side, ".txt")
        row = Row(name, action, params, differential.run_upstream(upstream_root, action, params),
                  differential.run_ours(ours_root, action, params))
        print(f"  {name}/{action}: upstream {'ok' if row.upstream.ok else 'FAIL'}, "
              f"ours {'ok' if row.ours.ok else 'FAIL'}, {row.agreement}", file=sys.stderr)
        rows.append(row)
    return rows


def table(rows: list[Row], sdk: str, first: str = "category", last: str = "results") -> str:
    lines = [
        f"| {first} | action | params | upstream ({sdk}) | ours | {last} |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cell = lambda o: "pass" if o.ok else f"FAIL: {o.message.replace('|', '/')}"  # noqa: E731
        params = row.params.replace("|", "/")
        verdict = row.same if last == "results" else row.agreement
        lines.append(f"| {row.category} | {row.action} | `{params}` | {cell(row.upstream)} | {cell(row.ours)} | {verdict} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synapse", type=Path, required=True, help="the synapse binary")
    parser.add_argument("--chroot", type=Path, required=True, help="root with upstream's SDK installed")
    parser.add_argument("--python", default="/opt/upstream-venv/bin/python", help="python inside the root")
    parser.add_argument("--only", nargs="*", choices=CATEGORIES, help="categories to run")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()

    chroot = args.chroot.resolve()
    work = chroot / "tmp" / "differential"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sdk = subprocess.run(
        ["chroot", str(chroot), args.python, "-c", "import importlib.metadata as m; print(m.version('synapse-sdk'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    differential = Differential(args.synapse.resolve(), chroot, args.python, work)
    rows: list[Row] = []
    tests: list[tuple[str, str, str]] = []
    for category in args.only or CATEGORIES:
        rows += differential.category(category)
        tests.append((category, *differential.tests(category)))
    text = table(rows, f"synapse-sdk {sdk}")
    text += f"\n| category | plugin tests under upstream ({sdk}) | under ours (`synapse plugin test`) |\n|---|---|---|\n"
    text += "".join(f"| {c} | {u} | {o} |\n" for c, u, o in tests)
    extra: list[Row] = [] if args.only else upstream_plugins(differential)
    if extra:
        text += "\n" + table(extra, f"synapse-sdk {sdk}", first="plugin", last="agree")
    print(text, end="")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    failed = [r for r in rows if not r.passed]
    print(f"{len(rows) - len(failed)} of {len(rows)} generated actions passed under both", file=sys.stderr)
    disagree = [r for r in extra if r.agreement in ("DISAGREE", "differs")]
    if extra:
        print(f"upstream-style plugins: {len(extra) - len(disagree)} of {len(extra)} actions agree", file=sys.stderr)
    broken = [t for t in tests if not (t[1].startswith("pass") and t[2].startswith("pass"))]
    print(f"plugin tests: {len(tests) - len(broken)} of {len(tests)} categories pass under both", file=sys.stderr)
    return 1 if failed or disagree or broken else 0


if __name__ == "__main__":
    sys.exit(main())
