"""A small classifier written with the standard library only.

It stands in for your real model so that train, inference and test work end to end from
the first run: each file becomes a fixed-size vector (a hashed histogram of its byte
pairs) and a softmax regression learns one weight vector per label. Replace
``features`` and ``Classifier`` with your framework's code; the actions only use
``Classifier.new``, ``train_batch``, ``predict``, ``save`` and ``load_classifier``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from plugin.files import DataFile, list_files

DATA_TYPE = "{{data_type}}"

# File extensions read for each data type; an empty tuple reads every file.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image": (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"),
    "text": (".txt", ".md", ".csv", ".tsv"),
    "video": (".mp4", ".avi", ".mov", ".mkv", ".webm"),
    "pcd": (".pcd", ".ply", ".las", ".bin"),
    "audio": (".wav", ".mp3", ".flac", ".ogg", ".m4a"),
    "data": (),
}

FEATURE_SIZE = 64
MAX_BYTES = 64 * 1024
MODEL_FILE = "model.json"


def features(path: Path | str) -> list[float]:
    """The feature vector of a file: its first bytes' byte pairs, hashed and normalised."""
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES)
    counts = [0.0] * FEATURE_SIZE
    for first, second in zip(data, data[1:]):
        counts[(first * 31 + second) % FEATURE_SIZE] += 1.0
    total = sum(counts) or 1.0
    return [count / total * 8.0 for count in counts]


@dataclass
class Classifier:
    """Softmax regression: one weight vector and bias per label."""

    labels: list[str]
    weights: list[list[float]]
    bias: list[float]

    @classmethod
    def new(cls, labels: list[str]) -> Classifier:
        """An untrained classifier (all weights zero) for ``labels``."""
        return cls(list(labels), [[0.0] * FEATURE_SIZE for _ in labels], [0.0] * len(labels))

    def add_labels(self, labels: list[str]) -> None:
        """Adds the labels it does not know yet, with zero weights."""
        for label in labels:
            if label not in self.labels:
                self.labels.append(label)
                self.weights.append([0.0] * FEATURE_SIZE)
                self.bias.append(0.0)

    def probabilities(self, x: list[float]) -> list[float]:
        """The probability of each label for feature vector ``x``."""
        logits = [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.weights, self.bias)]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, x: list[float], top_k: int = 1) -> list[tuple[str, float]]:
        """The ``top_k`` most likely labels with their probabilities, best first."""
        ranked = sorted(zip(self.labels, self.probabilities(x)), key=lambda pair: -pair[1])
        return ranked[:top_k]

    def train_batch(self, batch: list[tuple[list[float], int]], learning_rate: float) -> float:
        """One gradient step on ``(features, label index)`` pairs; returns the batch's mean loss."""
        grad_w = [[0.0] * FEATURE_SIZE for _ in self.labels]
        grad_b = [0.0] * len(self.labels)
        loss = 0.0
        for x, target in batch:
            probs = self.probabilities(x)
            loss -= math.log(max(probs[target], 1e-12))
            for k, p in enumerate(probs):
                error = p - (1.0 if k == target else 0.0)
                grad_b[k] += error
                for j, v in enumerate(x):
                    grad_w[k][j] += error * v
        scale = learning_rate / len(batch)
        for k in range(len(self.labels)):
            self.bias[k] -= scale * grad_b[k]
            self.weights[k] = [w - scale * g for w, g in zip(self.weights[k], grad_w[k])]
        return loss / len(batch)

    def save(self, path: Path | str) -> Path:
        """Writes the classifier as JSON."""
        path = Path(path)
        state = {
            "format": "softmax-byte-pairs",
            "data_type": DATA_TYPE,
            "feature_size": FEATURE_SIZE,
            "labels": self.labels,
            "weights": self.weights,
            "bias": self.bias,
        }
        path.write_text(json.dumps(state), encoding="utf-8")
        return path


def load_classifier(path: Path | str) -> Classifier:
    """Reads a classifier saved by ``Classifier.save``: the file, or a directory holding it."""
    path = Path(path)
    if path.is_dir():
        candidates = [path / MODEL_FILE] + sorted(path.rglob("*.json"))
        path = next((c for c in candidates if c.is_file()), path / MODEL_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {path}")
    state = json.loads(path.read_text(encoding="utf-8"))
    if state.get("feature_size") != FEATURE_SIZE:
        raise ValueError(f"{path} is not a model of this plugin (feature size {state.get('feature_size')})")
    return Classifier(state["labels"], state["weights"], state["bias"])


def labelled_files(root: Path | str, split: str | None = None) -> list[DataFile]:
    """The dataset's files of this plugin's data type that have a label, of one split if given."""
    files = [f for f in list_files(root, EXTENSIONS[DATA_TYPE]) if f.label is not None]
    return [f for f in files if f.split == split] if split else files


def accuracy(model: Classifier, files: list[DataFile]) -> float:
    """The share of ``files`` whose label is the model's best guess."""
    hits = sum(model.predict(features(f.path))[0][0] == f.label for f in files)
    return hits / len(files) if files else 0.0
