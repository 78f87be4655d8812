#!/usr/bin/env python3
"""Renders every plugin template the way `synapse plugin create` does and checks the result.

For each category (and, for neural_net, each data type) this script:

1. checks the template sources: only the known placeholders appear, the raw ones
   (``{{name}}``, ``{{description}}``) only in Markdown, and no ``{{``/``}}`` otherwise;
2. renders common/ + <category>/ into a temporary directory with hostile values (quotes,
   ``#``, ``: ``, a backslash, Korean text, a placeholder spelling inside a value), the
   typed placeholders quoted as Python and TOML string literals, in one left-to-right pass;
3. writes a config.yaml from the action table below;
4. parses pyproject.toml, compiles every .py file, imports every entrypoint and checks
   its class attributes against the table, and checks README.md and .synapseignore;
5. runs every ``synapse plugin run`` example of README.md, in order, through the runtime's
   ``python3 -m synapse_sdk.plugins.run_action`` (what ``synapse plugin run --mode local``
   calls), with a small dataset directory at ``path/to/dataset``;
6. runs the rendered plugin's tests with ``python3 -m pytest`` from its root, with the
   runtime on PYTHONPATH.

Usage: python3 templates/check_templates.py [--runtime DIR] [--keep DIR] [--only CATEGORY ...] [--quick]
Needs only the standard library, pytest and PyYAML. Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.dont_write_bytecode = True  # never leave __pycache__ in templates/ or the runtime

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    tomllib = None

TEMPLATES = Path(__file__).resolve().parent
DEFAULT_RUNTIME = TEMPLATES.parent / "runtime"

# category -> [(action, entrypoint, method, expected base class)]
ACTIONS = {
    "neural_net": [
        ("train", "plugin.train:TrainAction", "job", "BaseTrainAction"),
        ("inference", "plugin.inference:InferenceAction", "task", "BaseInferenceAction"),
        ("test", "plugin.test:TestAction", "task", "BaseAction"),
    ],
    "export": [("export", "plugin.export:ExportAction", "job", "BaseExportAction")],
    "upload": [("upload", "plugin.upload:UploadAction", "job", "BaseUploadAction")],
    "smart_tool": [("auto_label", "plugin.auto_label:AutoLabelAction", "task", "BaseInferenceAction")],
    "data_validation": [("validate", "plugin.validate:ValidateAction", "task", "BaseAction")],
    "pre_annotation": [
        ("pre_annotate", "plugin.pre_annotate:PreAnnotateAction", "task", "BaseInferenceAction"),
        ("to_task", "plugin.to_task:ToTaskAction", "job", "BaseAction"),
    ],
    "post_annotation": [("post_annotate", "plugin.post_annotate:PostAnnotateAction", "task", "BaseAction")],
    "custom": [("main", "plugin.main:MainAction", "task", "BaseAction")],
}
DATA_TYPES = ["image", "text", "video", "pcd", "audio", "data"]

HOSTILE_NAME = 'Detector: v2 #1 "quoted" \\ back'
HOSTILE_DESCRIPTION = "한국어 모델: \"quoted\" # not a comment \\ back\\slash {{code}} 'single' \t tab"
CODE = "detector-v2"
VERSION = "1.2.3"

# For the README examples: the first file extension of each data type, and input files.
EXAMPLE_SUFFIX = {"image": ".png", "text": ".txt", "video": ".mp4", "pcd": ".pcd", "audio": ".wav", "data": ".bin"}
EXAMPLE_DATASET = "path/to/dataset"
EXAMPLE_INPUTS = {
    "path/to/input": "catcatcatcat",
    "path/to/files/a.jpg": "image a",
    "path/to/files/b.png": "image b",
    "path/to/files/notes.txt": "notes",
    "item.txt": "Due 2024-05-01, write to ana@example.com",
}

RAW_PLACEHOLDERS = {"name", "description"}
TYPED_PLACEHOLDERS = {"code", "version", "category", "py_name", "py_description", "toml_description", "data_type"}
PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


def python_string(text: str) -> str:
    """A double-quoted Python string literal for ``text``."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def toml_string(text: str) -> str:
    """A TOML basic string for ``text``."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def values(category: str, data_type: str) -> dict[str, str]:
    return {
        "name": HOSTILE_NAME,
        "description": HOSTILE_DESCRIPTION,
        "code": CODE,
        "version": VERSION,
        "category": category,
        "py_name": python_string(HOSTILE_NAME),
        "py_description": python_string(HOSTILE_DESCRIPTION),
        "toml_description": toml_string(HOSTILE_DESCRIPTION),
        "data_type": data_type,
    }


def render(text: str, table: dict[str, str]) -> str:
    """One left-to-right pass: known placeholders replaced, a replaced value never rescanned."""
    return PLACEHOLDER.sub(lambda m: table.get(m.group(1), m.group(0)), text)


def template_files(category: str) -> dict[str, Path]:
    """Plugin-relative path -> template file: common/, overridden by <category>/."""
    files: dict[str, Path] = {}
    for base in (TEMPLATES / "common", TEMPLATES / category):
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(base).as_posix()
            if path.is_file() and "__pycache__" not in rel and ".pytest_cache" not in rel and not rel.endswith(".pyc"):
                files[rel] = path
    return files


class Checker:
    def __init__(self, runtime: Path, out: Path, verbose: bool):
        self.runtime = runtime
        self.out = out
        self.verbose = verbose
        self.failures: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.failures.append(f"{where}: {message}")
        print(f"  FAIL {where}: {message}")

    # 1. template sources ------------------------------------------------------------
    def check_sources(self) -> None:
        for path in sorted(TEMPLATES.rglob("*")):
            if not path.is_file() or path.name == Path(__file__).name or "__pycache__" in path.parts:
                continue
            rel = path.relative_to(TEMPLATES).as_posix()
            text = path.read_text(encoding="utf-8")
            names = PLACEHOLDER.findall(text)
            for name in names:
                if name not in RAW_PLACEHOLDERS | TYPED_PLACEHOLDERS:
                    self.fail(rel, f"unknown placeholder {{{{{name}}}}}")
                elif name in RAW_PLACEHOLDERS and path.suffix != ".md":
                    self.fail(rel, f"raw placeholder {{{{{name}}}}} outside Markdown")
                elif name == "data_type" and not rel.startswith("neural_net/"):
                    self.fail(rel, "{{data_type}} is for neural_net templates only")
            rest = PLACEHOLDER.sub("", text)
            if "{{" in rest or "}}" in rest:
                self.fail(rel, "'{{' or '}}' used outside a placeholder")
            if path.suffix == ".py" and re.search(r"\b(TODO|NotImplementedError)\b", text):
                self.fail(rel, "unfinished code (TODO / NotImplementedError)")
        for category in ACTIONS:
            if not (TEMPLATES / category).is_dir():
                self.fail(category, "no template directory")

    # 2-5. one rendered plugin ---------------------------------------------------------
    def check_plugin(self, category: str, data_type: str, run_tests: bool = True) -> None:
        label = category if category != "neural_net" else f"{category}[{data_type}]"
        root = self.out / label.replace("[", "-").replace("]", "") / f"synapse-{CODE}-plugin"
        table = values(category, data_type)
        for rel, source in template_files(category).items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(source.read_text(encoding="utf-8"), table), encoding="utf-8")
            target.chmod(source.stat().st_mode & 0o777)
        self.write_config(root, category, data_type)

        self.check_static(root, category, label)
        self.check_imports(root, category, label)
        if run_tests:
            self.run_examples(root, category, data_type, label)
            self.run_tests(root, label)

    def write_config(self, root: Path, category: str, data_type: str) -> None:
        config = {
            "name": HOSTILE_NAME,
            "code": CODE,
            "version": VERSION,
            "category": category,
            "description": HOSTILE_DESCRIPTION,
            "readme": "README.md",
        }
        if category == "neural_net":
            config["data_type"] = data_type
        config["actions"] = {
            name: {"entrypoint": entrypoint, "method": method} for name, entrypoint, method, _ in ACTIONS[category]
        }
        text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
        (root / "config.yaml").write_text(text, encoding="utf-8")

    def check_static(self, root: Path, category: str, label: str) -> None:
        for py in sorted(root.rglob("*.py")):
            try:
                compile(py.read_bytes(), str(py), "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as error:
                self.fail(f"{label}/{py.relative_to(root)}", f"does not compile: {error}")
        for name, entrypoint, _, _ in ACTIONS[category]:
            module = entrypoint.split(":")[0].replace(".", "/") + ".py"
            if not (root / module).is_file():
                self.fail(label, f"action {name}: {module} missing")
            if not (root / "tests" / f"test_{name}.py").is_file():
                self.fail(label, f"action {name}: tests/test_{name}.py missing")
        if tomllib is not None:
            try:
                project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
                if project["description"] != HOSTILE_DESCRIPTION:
                    self.fail(label, f"pyproject description is {project['description']!r}")
                if project["name"] != f"synapse-{CODE}-plugin" or project["version"] != VERSION:
                    self.fail(label, "pyproject name/version wrong")
            except Exception as error:  # noqa: BLE001 - report any parse problem
                self.fail(label, f"pyproject.toml: {error}")
        readme = (root / "README.md").read_text(encoding="utf-8")
        for needle in [HOSTILE_NAME, "synapse plugin test", "synapse plugin validate", "publish --dry-run"] + [
            f"synapse plugin run {name}" for name, *_ in ACTIONS[category]
        ]:
            if needle not in readme:
                self.fail(label, f"README.md lacks {needle!r}")
        ignored = (root / ".synapseignore").read_text(encoding="utf-8").split()
        if "tests/" not in ignored:
            self.fail(label, ".synapseignore does not exclude tests/")
        for path in root.rglob("*"):
            if path.is_file() and "{{" in path.read_text(encoding="utf-8").replace("{{code}}", ""):
                self.fail(f"{label}/{path.relative_to(root)}", "placeholder left after rendering")

    def check_imports(self, root: Path, category: str, label: str) -> None:
        """Imports each entrypoint in a fresh interpreter and compares it with the table."""
        probe = r"""
import importlib, inspect, json, sys
import synapse_sdk.plugins as sdk
import plugin
out = {"plugin": [plugin.PLUGIN_NAME, plugin.__doc__, plugin.PLUGIN_CODE, plugin.PLUGIN_VERSION], "actions": {}}
for name, entrypoint, method, base in json.loads(sys.argv[1]):
    module, cls_name = entrypoint.split(":")
    cls = getattr(importlib.import_module(module), cls_name)
    problems = []
    if cls.action_name != name:
        problems.append(f"action_name={cls.action_name!r}")
    if str(getattr(cls.method, "value", cls.method)) != method:
        problems.append(f"method={cls.method!r}")
    if not issubclass(cls, getattr(sdk, base)):
        problems.append(f"not a {base}")
    if inspect.isabstract(cls):
        problems.append("abstract")
    # A train action's run() ends with upstream's workflow summary on the platform, so it
    # declares no result model (upstream would warn that the summary does not match it).
    if issubclass(cls, sdk.BaseTrainAction):
        if getattr(cls, "result_model", None) is not None:
            problems.append("a train action with a result_model")
    elif getattr(cls, "result_model", None) is None or cls.result_model.__module__ != module:
        problems.append("no result_model of its own")
    if "execute" not in cls.__dict__:
        problems.append("no execute()")
    out["actions"][name] = problems
print(json.dumps(out))
"""
        env = self.env(root)
        proc = subprocess.run(
            [sys.executable, "-c", probe, json.dumps(ACTIONS[category])],
            cwd=root, env=env, capture_output=True, text=True, timeout=60,
        )
        if proc.returncode != 0:
            self.fail(label, f"import check failed:\n{proc.stderr.strip()}")
            return
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        if report["plugin"] != [HOSTILE_NAME, HOSTILE_DESCRIPTION, CODE, VERSION]:
            self.fail(label, f"plugin/__init__.py renders {report['plugin']!r}")
        for name, problems in report["actions"].items():
            if problems:
                self.fail(label, f"action {name}: {', '.join(problems)}")

    def run_examples(self, root: Path, category: str, data_type: str, label: str) -> None:
        """Runs the README's `synapse plugin run` lines with the files they mention in place."""
        suffix = EXAMPLE_SUFFIX.get(data_type, ".bin") if category == "neural_net" else ".txt"
        files = {
            f"{split}/{name}/{name}{i}{suffix}": (name * (10 + i)).encode()
            for split in ("train", "val", "test")
            for name in ("cat", "dog")
            for i in range(2)
        }
        files["train/cat/cat0.txt.json"] = json.dumps({"annotations": [{"label": " Cat ", "score": 0.9}]})
        files["great.txt"] = "a great, excellent product"
        for rel, content in files.items():
            path = root / EXAMPLE_DATASET / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
        for rel, content in EXAMPLE_INPUTS.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(content)

        readme = (root / "README.md").read_text(encoding="utf-8")
        examples = re.findall(r"synapse plugin run (\S+) --mode local --params '([^']*)'", readme)
        if not examples:
            self.fail(label, "README.md has no `synapse plugin run` example")
        env = self.env(root)
        for action, params in examples:
            proc = subprocess.run(
                [sys.executable, "-m", "synapse_sdk.plugins.run_action", "--plugin-dir", str(root),
                 "--action", action, "--params-json", params],
                cwd=root, env=env, capture_output=True, text=True, timeout=120,
            )
            if proc.returncode != 0:
                self.fail(label, f"README example `{action} {params}` failed:\n{proc.stderr[-3000:]}")
            elif self.verbose:
                print(f"  example {action} {params} -> {proc.stdout.strip()[:300]}")

    def run_tests(self, root: Path, label: str) -> None:
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error::pytest.PytestCollectionWarning"],
            cwd=root, env=self.env(root), capture_output=True, text=True, timeout=300,
        )
        took = time.monotonic() - start
        summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "(no output)"
        if proc.returncode != 0:
            self.fail(label, f"pytest failed ({summary}):\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
        else:
            print(f"  ok   {label}: {summary} [{took:.1f}s]")
            if self.verbose:
                print(proc.stdout)

    def env(self, root: Path) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(self.runtime)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["SYNAPSE_LOCAL_STORE"] = str(root.parent / "unused-store")  # tests must use their own store
        return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runtime", type=Path, default=DEFAULT_RUNTIME, help="directory holding synapse_sdk")
    parser.add_argument("--keep", type=Path, help="render into this directory and keep it")
    parser.add_argument("--only", nargs="*", choices=sorted(ACTIONS), help="categories to check")
    parser.add_argument("--quick", action="store_true", help="neural_net with one data type only")
    parser.add_argument("--no-tests", action="store_true", help="skip running the plugins' tests")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    if not (args.runtime / "synapse_sdk").is_dir():
        print(f"no synapse_sdk under {args.runtime}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="synapse-templates-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        checker = Checker(args.runtime.resolve(), out.resolve(), args.verbose)
        print("template sources")
        checker.check_sources()
        for category in args.only or ACTIONS:
            data_types = DATA_TYPES if category == "neural_net" and not args.quick else ["image"]
            for data_type in data_types:
                checker.check_plugin(category, data_type, run_tests=not args.no_tests)
    if checker.failures:
        print(f"\n{len(checker.failures)} failure(s)")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
