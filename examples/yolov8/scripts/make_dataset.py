#!/usr/bin/env python3
"""Generate the tiny `shapes` detection dataset that ships with this example.

Why a generated dataset: the example must train for real, offline, on CPU, in seconds,
so it cannot download COCO or pretrained weights. A few dozen 32x32 grayscale images of
bright rectangles and ellipses on a noisy background are enough for the numpy grid
detector to learn something measurable (mAP50), and small enough to keep in git.

The output is the usual YOLO layout, so the plugin's reader is the one you would point
at a real export:

    shapes/
      data.yaml                      # splits and class names, as ultralytics expects
      images/{train,val}/NNNN.pgm    # binary PGM (P5): readable with numpy alone
      labels/{train,val}/NNNN.txt    # one "class cx cy w h" line per object, normalised

The script is deterministic (fixed seed): running it again rewrites identical bytes.

    python3 scripts/make_dataset.py                  # -> datasets/shapes
    python3 scripts/make_dataset.py --out /tmp/shapes --train 200 --val 50
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

IMAGE_SIZE = 32
MIN_SIZE, MAX_SIZE = 6, 14  # object side lengths in pixels
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "datasets" / "shapes"


def write_pgm(path: Path, image: np.ndarray) -> None:
    """Write an 8-bit grayscale image as binary PGM (P5), the simplest format numpy can read back."""
    height, width = image.shape
    path.write_bytes(f"P5\n{width} {height}\n255\n".encode("ascii") + image.astype(np.uint8).tobytes())


def _overlaps(box: tuple[int, int, int, int], others: list[tuple[int, int, int, int]], gap: int = 2) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] + gap and b[0] < x1 + gap and y0 < b[3] + gap and b[1] < y1 + gap for b in others)


def _same_cell(box, others, grid: int = 4) -> bool:
    """Keep object centres in distinct cells of the detector's 4x4 grid, so every object has a cell to own it."""
    cell = IMAGE_SIZE / grid

    def cell_of(b):
        return int((b[0] + b[2]) / 2 // cell), int((b[1] + b[3]) / 2 // cell)

    return any(cell_of(box) == cell_of(b) for b in others)


def make_image(rng: np.random.Generator) -> tuple[np.ndarray, list[tuple[float, float, float, float]]]:
    """One image with 1-2 non-overlapping objects; returns pixels and normalised (cx, cy, w, h) boxes."""
    background = rng.uniform(20, 90)
    image = rng.normal(background, 10, size=(IMAGE_SIZE, IMAGE_SIZE))
    boxes: list[tuple[int, int, int, int]] = []
    wanted = int(rng.integers(1, 3))
    attempts = 0
    while len(boxes) < wanted and attempts < 100:
        attempts += 1
        w, h = (int(v) for v in rng.integers(MIN_SIZE, MAX_SIZE + 1, size=2))
        x0 = int(rng.integers(0, IMAGE_SIZE - w + 1))
        y0 = int(rng.integers(0, IMAGE_SIZE - h + 1))
        box = (x0, y0, x0 + w, y0 + h)
        if _overlaps(box, boxes) or _same_cell(box, boxes):
            continue
        boxes.append(box)
        brightness = rng.uniform(150, 240)
        if rng.random() < 0.5:  # filled rectangle
            image[y0 : y0 + h, x0 : x0 + w] = rng.normal(brightness, 8, size=(h, w))
        else:  # filled ellipse inscribed in the box
            yy, xx = np.mgrid[0:h, 0:w]
            inside = ((xx + 0.5 - w / 2) / (w / 2)) ** 2 + ((yy + 0.5 - h / 2) / (h / 2)) ** 2 <= 1.0
            patch = image[y0 : y0 + h, x0 : x0 + w]
            patch[inside] = rng.normal(brightness, 8, size=int(inside.sum()))
    normalised = [
        ((x0 + x1) / 2 / IMAGE_SIZE, (y0 + y1) / 2 / IMAGE_SIZE, (x1 - x0) / IMAGE_SIZE, (y1 - y0) / IMAGE_SIZE)
        for x0, y0, x1, y1 in boxes
    ]
    return np.clip(image, 0, 255).round().astype(np.uint8), normalised


DATA_YAML = """\
# YOLO dataset description, as ultralytics reads it (paths relative to this file).
path: .
train: images/train
val: images/val
nc: 1
names: [shape]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dataset directory to (re)write")
    parser.add_argument("--train", type=int, default=40, help="number of training images")
    parser.add_argument("--val", type=int, default=10, help="number of validation images")
    parser.add_argument("--seed", type=int, default=8, help="random seed; the same seed gives the same bytes")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    for split, count in (("train", args.train), ("val", args.val)):
        image_dir, label_dir = args.out / "images" / split, args.out / "labels" / split
        for directory in (image_dir, label_dir):
            directory.mkdir(parents=True, exist_ok=True)
            for stale in directory.iterdir():  # a smaller --train must not leave old files behind
                stale.unlink()
        for index in range(count):
            image, boxes = make_image(rng)
            write_pgm(image_dir / f"{index:04d}.pgm", image)
            lines = "".join(f"0 {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}\n" for cx, cy, w, h in boxes)
            (label_dir / f"{index:04d}.txt").write_text(lines)
    (args.out / "data.yaml").write_text(DATA_YAML)
    print(f"wrote {args.train} train and {args.val} val images to {args.out}")


if __name__ == "__main__":
    main()
