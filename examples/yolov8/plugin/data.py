"""Read a YOLO-format detection dataset with numpy alone.

The layout is the one ultralytics uses, so the same code reads a real export:

    <root>/data.yaml                  train/val image directories and class names
    <root>/images/<split>/*.pgm       images (8- or 16-bit PGM, binary P5 or plain P2)
    <root>/labels/<split>/*.txt       "class cx cy w h" per object, normalised to 0..1

Images are PGM rather than JPEG/PNG because decoding those needs Pillow or OpenCV, and
this example keeps numpy and pydantic as its only dependencies. Swap `read_pgm` for
a loader based on `PIL.Image.open` (scaled to 0..1) to train on real photos.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

IMAGE_SUFFIXES = (".pgm",)


@dataclass
class Split:
    """One split of a dataset: images as floats in 0..1 and, per image, an (n, 5) label array."""

    name: str
    paths: list[Path]
    images: np.ndarray  # (N, H, W) float32
    labels: list[np.ndarray] = field(default_factory=list)  # each (n, 5): class, cx, cy, w, h

    def __len__(self) -> int:
        return len(self.paths)


def read_pgm(path: str | Path) -> np.ndarray:
    """Decode a PGM file (binary P5 or plain-text P2, 8 or 16 bit) into (H, W) float32 in 0..1."""
    data = Path(path).read_bytes()
    magic = data[:2]
    if magic not in (b"P5", b"P2"):
        raise ValueError(f"{path}: not a PGM file (magic {magic!r}, expected P5 or P2)")
    # The header is magic, width, height, maxval separated by whitespace, with '#' comments.
    fields: list[bytes] = []
    pos = 2
    while len(fields) < 3:
        while pos < len(data) and data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        start = pos
        while pos < len(data) and not data[pos : pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    width, height, maxval = (int(v) for v in fields)
    if magic == b"P2":
        raster = np.array(data[pos:].split()[: width * height], dtype=np.float32)
    else:
        pos += 1  # exactly one whitespace byte separates the header from the raster
        dtype = np.dtype(">u2") if maxval > 255 else np.dtype(np.uint8)
        raster = np.frombuffer(data, dtype=dtype, count=width * height, offset=pos).astype(np.float32)
    return raster.reshape(height, width) / maxval


def resize(image: np.ndarray, size: int) -> np.ndarray:
    """Nearest-neighbour resize to size x size: the detector's input is a fixed square."""
    if image.shape == (size, size):
        return image
    rows = (np.arange(size) * image.shape[0] / size).astype(int)
    cols = (np.arange(size) * image.shape[1] / size).astype(int)
    return image[rows][:, cols]


def read_image(path: str | Path, size: int) -> np.ndarray:
    """An image as the detector takes it: float32 in 0..1, size x size."""
    return resize(read_pgm(path), size)


def read_labels(path: str | Path) -> np.ndarray:
    """Read a YOLO label file; a missing or empty file means an image with no objects."""
    path = Path(path)
    if not path.exists() or not path.read_text().strip():
        return np.zeros((0, 5), dtype=np.float32)
    return np.loadtxt(path, dtype=np.float32, ndmin=2)[:, :5]


def read_data_yaml(path: str | Path) -> dict:
    """Parse the flat subset of YAML that YOLO data.yaml files use, without PyYAML.

    Handles `key: value` lines, flow lists (`names: [a, b]`) and both block forms of a
    list (`- person` items, or ultralytics' `0: person` mapping, read in order). That
    covers files written by ultralytics and Roboflow; anything fancier needs PyYAML.
    """
    result: dict = {}
    list_key: str | None = None  # the key whose indented items are being collected
    for raw in Path(path).read_text().splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace() or line.startswith("- "):
            if list_key is not None:
                item = line.strip()
                result[list_key].append(_scalar(item[2:] if item.startswith("- ") else item.partition(":")[2]))
            continue
        key, _, value = line.partition(":")
        key = key.strip()
        if value.strip():
            result[key], list_key = _scalar(value), None
        else:
            result[key], list_key = [], key
    return result


def _scalar(text: str):
    """A YAML scalar or flow list, as Python: numbers and quoted strings literally, the rest as text."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(item) for item in text[1:-1].split(",") if item.strip()]
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def split_dirs(root: str | Path) -> dict[str, Path]:
    """Map split names (train, val, test) to image directories.

    data.yaml decides when it names a split (as a directory; ultralytics' lists of
    directories and .txt image lists are not supported here), otherwise the conventional
    images/<split> directory is used when it exists. data.yaml's `path` is honoured when
    it exists on this machine and ignored otherwise, because exports often carry the
    absolute path of the machine that wrote them.
    """
    root = Path(root)
    config = read_data_yaml(root / "data.yaml") if (root / "data.yaml").exists() else {}
    base = root / str(config.get("path", "."))
    if not base.is_dir():
        base = root
    dirs: dict[str, Path] = {}
    for name in ("train", "val", "test"):
        if isinstance(config.get(name), str):
            dirs[name] = (base / config[name]).resolve()
        elif (root / "images" / name).is_dir():
            dirs[name] = root / "images" / name
    return dirs


def class_names(root: str | Path) -> list[str]:
    """Class names from data.yaml, or a single generic class when the dataset does not say."""
    data_yaml = Path(root) / "data.yaml"
    if data_yaml.exists():
        names = read_data_yaml(data_yaml).get("names")
        if isinstance(names, list) and names:
            return [str(n) for n in names]
    return ["object"]


def label_path_for(image_path: Path) -> Path:
    """YOLO's rule: the label file sits where the image is, with /images/ replaced by /labels/."""
    parts = list(image_path.parts)
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "images":
            parts[i] = "labels"
            break
    return Path(*parts).with_suffix(".txt")


def load_split(name: str, image_dir: str | Path, size: int) -> Split:
    """Load every image of a split (resized to size x size) with its labels."""
    image_dir = Path(image_dir)
    if not image_dir.is_dir():
        raise FileNotFoundError(f"split '{name}': image directory {image_dir} does not exist")
    paths = sorted(p for p in image_dir.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not paths:
        raise FileNotFoundError(f"split '{name}': no {'/'.join(IMAGE_SUFFIXES)} images in {image_dir}")
    images = np.stack([read_image(p, size) for p in paths])
    labels = [read_labels(label_path_for(p)) for p in paths]
    return Split(name=name, paths=paths, images=images, labels=labels)


def flip_augment(images: np.ndarray, labels: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Append left-right, up-down and both-ways flipped copies of every image (4x the data).

    YOLO trains with random flips for the same reason: a shape is the same object
    mirrored, and with 40 images the extra views are the difference between memorising
    the training set and detecting shapes in images the model has not seen.
    """
    flips = [(False, False), (True, False), (False, True), (True, True)]
    out_images, out_labels = [], []
    for flip_x, flip_y in flips:
        flipped = images[:, ::-1 if flip_y else 1, ::-1 if flip_x else 1]
        out_images.append(flipped)
        for rows in labels:
            rows = rows.copy()
            if flip_x:
                rows[:, 1] = 1.0 - rows[:, 1]
            if flip_y:
                rows[:, 2] = 1.0 - rows[:, 2]
            out_labels.append(rows)
    return np.ascontiguousarray(np.concatenate(out_images)), out_labels
