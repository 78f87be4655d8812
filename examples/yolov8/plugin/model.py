"""A tiny single-class, YOLO-style grid detector in numpy.

Why not YOLOv8 itself: torch and ultralytics are gigabytes and minutes to install, and
this example has to train for real on a CPU in seconds. The detector keeps the ideas
that make YOLO what it is, at toy scale:

* the image is divided into an S x S grid, and the cell holding an object's centre is
  the one responsible for predicting it (YOLOv1's assignment rule);
* every cell predicts an objectness logit and a box: the centre as an offset inside the
  cell and the width/height as fractions of the image, all through a sigmoid;
* the loss is binary cross-entropy on objectness (empty cells down-weighted, since they
  outnumber the rest) plus a weighted squared error on the boxes of responsible cells;
* predictions are filtered by confidence and de-duplicated with NMS.

Each cell sees a window of the image centred on it, a little larger than the cell so it
can see the whole object, average-pooled to keep the input small; a one-hidden-layer MLP
shared by all cells maps the window to the cell's five outputs. Training is mini-batch
gradient descent with Adam updates, from seeded initial weights, so runs are repeatable.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .metrics import nms

LAMBDA_COORD = 5.0  # YOLOv1's weights: boxes matter more than each objectness term,
LAMBDA_NOOBJ = 0.5  # and the many empty cells must not drown out the few full ones.
# Decoupled (AdamW-style) decay of the weight matrices: each step shrinks them by
# learning_rate * WEIGHT_DECAY. Far stronger than AdamW's usual 0.01 because 40 images
# are easy to memorise: on 300 freshly generated images, mAP50 of the default run rose
# from about 0.89 (decay 1e-4) to about 0.94 (decay 0.5).
WEIGHT_DECAY = 0.5
FORMAT = "synapse-yolov8-example/grid-mlp-v1"  # stored in the weights file, checked on load


@dataclass(frozen=True)
class DetectorConfig:
    """Shape of the network; saved with the weights so a file is self-describing."""

    image_size: int = 32  # images are resized to image_size x image_size
    grid: int = 4  # S: the image is an S x S grid of cells
    window: int = 24  # pixels each cell sees, centred on the cell
    pool: int = 2  # average-pooling factor applied to the window
    hidden: int = 64  # width of the hidden layer
    class_names: tuple[str, ...] = ("object",)

    @property
    def cell(self) -> int:
        return self.image_size // self.grid

    @property
    def n_features(self) -> int:
        return (self.window // self.pool) ** 2


class GridDetector:
    """The detector: features, forward pass, loss and gradients, Adam updates, decoding, I/O."""

    def __init__(self, config: DetectorConfig | None = None, seed: int = 0):
        self.config = config or DetectorConfig()
        if self.config.image_size % self.config.grid or (self.config.window - self.config.cell) % 2:
            raise ValueError(f"inconsistent detector geometry: {self.config}")
        rng = np.random.default_rng(seed)
        f, h = self.config.n_features, self.config.hidden
        # He initialisation for the ReLU layer; small output weights so training starts
        # from "nothing anywhere" (objectness bias -2 is a ~12% prior, near the true rate).
        self.params = {
            "W1": (rng.standard_normal((f, h)) * np.sqrt(2.0 / f)).astype(np.float32),
            "b1": np.zeros(h, np.float32),
            "W2": (rng.standard_normal((h, 5)) * 0.01).astype(np.float32),
            "b2": np.array([-2.0, 0, 0, 0, 0], np.float32),
        }
        self._adam_state: dict[str, np.ndarray] = {}
        self._adam_step = 0

    # ----------------------------------------------------------------- features
    def features(self, images: np.ndarray) -> np.ndarray:
        """(N, H, W) images in 0..1 -> (N, S*S, F): one pooled window per cell.

        Subtracting each image's median makes the background ~0 whatever its brightness,
        which is what lets a model this small generalise from 40 images; the zero padding
        then reads as "more background" at the borders.
        """
        cfg = self.config
        images = images - np.median(images.reshape(len(images), -1), axis=1)[:, None, None]
        margin = (cfg.window - cfg.cell) // 2
        padded = np.pad(images, ((0, 0), (margin, margin), (margin, margin)))
        windows = sliding_window_view(padded, (cfg.window, cfg.window), axis=(1, 2))[:, :: cfg.cell, :: cfg.cell]
        n, s = len(images), cfg.grid
        k = cfg.window // cfg.pool
        pooled = windows.reshape(n, s, s, k, cfg.pool, k, cfg.pool).mean(axis=(4, 6))
        return pooled.reshape(n, s * s, k * k).astype(np.float32) * 4.0  # ~unit scale for the MLP

    def targets(self, labels: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """YOLO labels -> per-cell targets: objectness (N, S*S) and (tx, ty, w, h) (N, S*S, 4)."""
        s = self.config.grid
        obj = np.zeros((len(labels), s * s), np.float32)
        box = np.zeros((len(labels), s * s, 4), np.float32)
        for i, rows in enumerate(labels):
            for _, cx, cy, w, h in rows:
                col, row = min(int(cx * s), s - 1), min(int(cy * s), s - 1)
                obj[i, row * s + col] = 1.0
                box[i, row * s + col] = (cx * s - col, cy * s - row, w, h)
        return obj, box

    # ------------------------------------------------------------ forward/loss
    def forward(self, x: np.ndarray) -> tuple[np.ndarray, tuple]:
        """(M, F) cell features -> (M, 5) raw outputs, plus what backward needs."""
        p = self.params
        z1 = x @ p["W1"] + p["b1"]
        hidden = np.maximum(z1, 0.0)
        return hidden @ p["W2"] + p["b2"], (x, z1, hidden)

    def loss_and_grads(self, feats: np.ndarray, obj: np.ndarray, box: np.ndarray, with_grads: bool = True):
        """YOLO-style loss averaged over images, and its gradients by hand-written backprop."""
        n_images = feats.shape[0]
        x = feats.reshape(-1, feats.shape[-1])
        y, t = obj.reshape(-1), box.reshape(-1, 4)
        out, (x, z1, hidden) = self.forward(x)
        p_obj = _sigmoid(out[:, 0])
        p_box = _sigmoid(out[:, 1:])
        weight = np.where(y > 0, 1.0, LAMBDA_NOOBJ)
        eps = 1e-7
        bce = -(y * np.log(p_obj + eps) + (1 - y) * np.log(1 - p_obj + eps))
        box_err = ((p_box - t) ** 2).sum(axis=1) * y
        loss = float((weight * bce).sum() + LAMBDA_COORD * box_err.sum()) / n_images
        if not with_grads:
            return loss, None
        d_out = np.empty_like(out)
        d_out[:, 0] = weight * (p_obj - y)
        d_out[:, 1:] = LAMBDA_COORD * 2 * (p_box - t) * p_box * (1 - p_box) * y[:, None]
        d_out /= n_images
        d_hidden = (d_out @ self.params["W2"].T) * (z1 > 0)
        grads = {
            "W2": hidden.T @ d_out,
            "b2": d_out.sum(axis=0),
            "W1": x.T @ d_hidden,
            "b1": d_hidden.sum(axis=0),
        }
        return loss, grads

    def adam_step(self, grads: dict[str, np.ndarray], lr: float, beta1=0.9, beta2=0.999, eps=1e-8) -> None:
        """One Adam update with decoupled weight decay on the matrices.

        Adam because plain SGD needs its rate tuned per dataset and Adam rarely does; the
        decay (see WEIGHT_DECAY) because 40 images are few enough to memorise.
        """
        self._adam_step += 1
        for name, grad in grads.items():
            m = self._adam_state.setdefault("m_" + name, np.zeros_like(grad))
            v = self._adam_state.setdefault("v_" + name, np.zeros_like(grad))
            m[...] = beta1 * m + (1 - beta1) * grad
            v[...] = beta2 * v + (1 - beta2) * grad * grad
            m_hat = m / (1 - beta1**self._adam_step)
            v_hat = v / (1 - beta2**self._adam_step)
            decay = WEIGHT_DECAY * self.params[name] if name.startswith("W") else 0.0
            self.params[name] -= (lr * (m_hat / (np.sqrt(v_hat) + eps) + decay)).astype(self.params[name].dtype)

    def train_epoch(self, feats, obj, box, batch_size: int, lr: float, rng: np.random.Generator) -> float:
        """One pass over the data in shuffled mini-batches of images; returns the mean batch loss."""
        order = rng.permutation(len(feats))
        losses, sizes = [], []
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            loss, grads = self.loss_and_grads(feats[batch], obj[batch], box[batch])
            self.adam_step(grads, lr)
            losses.append(loss)
            sizes.append(len(batch))
        return float(np.average(losses, weights=sizes))

    # ---------------------------------------------------------------- predict
    def predict(self, images: np.ndarray, conf_threshold: float = 0.25, iou_threshold: float = 0.45):
        """Detections per image: an (n, 5) array of normalised cx, cy, w, h and confidence."""
        return self.detect(self.features(images), conf_threshold, iou_threshold)

    def detect(self, feats: np.ndarray, conf_threshold: float = 0.25, iou_threshold: float = 0.45):
        """`predict` on precomputed features: validation reuses them every epoch."""
        s = self.config.grid
        out, _ = self.forward(feats.reshape(-1, feats.shape[-1]))
        out = out.reshape(len(feats), s * s, 5)
        rows, cols = np.divmod(np.arange(s * s), s)
        results = []
        for cells in out:
            conf = _sigmoid(cells[:, 0])
            offsets = _sigmoid(cells[:, 1:])
            boxes = np.stack(
                [(cols + offsets[:, 0]) / s, (rows + offsets[:, 1]) / s, offsets[:, 2], offsets[:, 3], conf], axis=1
            )
            boxes = boxes[conf >= conf_threshold]
            results.append(boxes[nms(boxes, iou_threshold)] if len(boxes) else boxes)
        return results

    # --------------------------------------------------------------------- I/O
    def save(self, path: str | Path) -> Path:
        """Write weights and config to a .npz file (no pickle, so loading it runs no code)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = json.dumps({"format": FORMAT, "config": asdict(self.config)})
        with path.open("wb") as f:  # an open file keeps numpy from appending .npz to the name
            np.savez(f, meta=np.array(meta), **self.params)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "GridDetector":
        """Read a file written by `save`; a directory is searched for its .npz weights."""
        path = find_weights(path)
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") != FORMAT:
                raise ValueError(f"{path}: not weights of this detector (format {meta.get('format')!r})")
            config = meta["config"]
            config["class_names"] = tuple(config["class_names"])
            detector = cls(DetectorConfig(**config))
            detector.params = {name: data[name].astype(np.float32) for name in detector.params}
        return detector


def find_weights(path: str | Path) -> Path:
    """Resolve a weights location: a file as is, or the one .npz in a directory (best.npz first)."""
    path = Path(path)
    if path.is_file():
        return path
    if path.is_dir():
        candidates = sorted(path.rglob("*.npz"), key=lambda p: (p.name != "best.npz", str(p)))
        if candidates:
            return candidates[0]
        raise FileNotFoundError(f"no .npz weights file in {path}")
    raise FileNotFoundError(f"weights not found: {path}")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # tanh form: no overflow warnings for large |x|
