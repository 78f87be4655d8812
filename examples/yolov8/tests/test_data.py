"""Dataset reading, metrics and weight files: the pieces the actions are built from."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from plugin.data import class_names, flip_augment, load_split, read_data_yaml, read_pgm, split_dirs
from plugin.metrics import average_precision, box_iou
from plugin.model import DetectorConfig, GridDetector

from conftest import EXAMPLE_DIR, SHAPES


def test_shipped_dataset_layout():
    dirs = split_dirs(SHAPES)
    assert set(dirs) == {"train", "val"}
    train, val = load_split("train", dirs["train"], 32), load_split("val", dirs["val"], 32)
    assert (len(train), len(val)) == (40, 10)
    assert train.images.shape == (40, 32, 32) and 0 <= train.images.min() and train.images.max() <= 1
    assert all(len(labels) >= 1 and labels.shape[1] == 5 for labels in train.labels)
    assert class_names(SHAPES) == ["shape"]


def test_shipped_dataset_is_reproducible(tmp_path):
    """The shipped files are exactly what scripts/make_dataset.py writes."""
    subprocess.run([sys.executable, str(EXAMPLE_DIR / "scripts" / "make_dataset.py"), "--out", str(tmp_path)], check=True)
    shipped = sorted(p.relative_to(SHAPES) for p in SHAPES.rglob("*") if p.is_file())
    assert shipped == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert all((SHAPES / p).read_bytes() == (tmp_path / p).read_bytes() for p in shipped)


def test_read_pgm_plain_and_binary(tmp_path):
    pixels = np.array([[0, 128, 255], [1, 2, 3]], dtype=np.uint8)
    (tmp_path / "b.pgm").write_bytes(b"P5\n# comment\n3 2\n255\n" + pixels.tobytes())
    (tmp_path / "a.pgm").write_text("P2\n3 2\n255\n0 128 255\n1 2 3\n")
    assert np.allclose(read_pgm(tmp_path / "b.pgm"), pixels / 255)
    assert np.allclose(read_pgm(tmp_path / "a.pgm"), pixels / 255)
    (tmp_path / "d.pgm").write_bytes(b"P5 2 1 1023\n" + np.array([1023, 512], ">u2").tobytes())  # 16 bit
    assert np.allclose(read_pgm(tmp_path / "d.pgm"), [[1.0, 512 / 1023]])
    (tmp_path / "c.pgm").write_bytes(b"\x89PNG....")
    with pytest.raises(ValueError, match="not a PGM"):
        read_pgm(tmp_path / "c.pgm")


def test_read_data_yaml_forms(tmp_path):
    path = tmp_path / "data.yaml"
    path.write_text("path: /elsewhere  # absolute path of another machine\ntrain: a/train\nnc: 2\nnames:\n  0: person\n  1: 'car'\n")
    assert read_data_yaml(path) == {"path": "/elsewhere", "train": "a/train", "nc": 2, "names": ["person", "car"]}
    path.write_text("names:\n- cat\n- dog\nval: v\n")
    assert read_data_yaml(path) == {"names": ["cat", "dog"], "val": "v"}
    (tmp_path / "a" / "train").mkdir(parents=True)
    path.write_text("path: /elsewhere\ntrain: a/train\n")
    assert split_dirs(tmp_path) == {"train": (tmp_path / "a" / "train").resolve()}


def test_flip_augment_moves_boxes_with_pixels():
    image = np.zeros((1, 4, 4), np.float32)
    image[0, 0, 0] = 1.0  # top-left pixel
    labels = [np.array([[0, 0.125, 0.125, 0.25, 0.25]], np.float32)]
    images, out = flip_augment(image, labels)
    assert len(images) == len(out) == 4
    for img, rows in zip(images, out):
        y, x = np.argwhere(img == 1.0)[0]
        assert (rows[0, 1], rows[0, 2]) == pytest.approx(((x + 0.5) / 4, (y + 0.5) / 4))


def test_average_precision():
    truth = [np.array([[0.5, 0.5, 0.2, 0.2]]), np.array([[0.3, 0.3, 0.2, 0.2]])]
    perfect = [np.array([[0.5, 0.5, 0.2, 0.2, 0.9]]), np.array([[0.3, 0.3, 0.2, 0.2, 0.8]])]
    assert average_precision(perfect, truth) == pytest.approx(1.0)
    one_miss = [perfect[0], np.array([[0.8, 0.8, 0.2, 0.2, 0.8]])]
    assert average_precision(one_miss, truth) == pytest.approx(0.5)
    assert box_iou(truth[0], truth[0])[0, 0] == pytest.approx(1.0)


def test_weights_round_trip(tmp_path):
    detector = GridDetector(DetectorConfig(class_names=("shape",)), seed=3)
    path = detector.save(tmp_path / "w" / "best.npz")
    loaded = GridDetector.load(tmp_path / "w")  # a directory resolves to its .npz
    assert loaded.config == detector.config
    assert all(np.array_equal(loaded.params[k], detector.params[k]) for k in detector.params)
    np.savez(tmp_path / "other.npz", W1=np.zeros(1))
    with pytest.raises((ValueError, KeyError)):
        GridDetector.load(tmp_path / "other.npz")
    assert path.name == "best.npz"


def test_gradients_match_finite_differences():
    """The hand-written backprop agrees with numerical derivatives (float64 for precision)."""
    detector = GridDetector(DetectorConfig(hidden=4), seed=1)
    detector.params = {k: v.astype(np.float64) for k, v in detector.params.items()}
    rng = np.random.default_rng(0)
    feats = rng.standard_normal((2, 16, detector.config.n_features))
    obj, box = detector.targets([np.array([[0, 0.3, 0.6, 0.2, 0.3]]), np.array([[0, 0.9, 0.1, 0.4, 0.2]])])
    _, grads = detector.loss_and_grads(feats, obj, box)
    for name, index in (("W1", (5, 2)), ("b1", (1,)), ("W2", (3, 0)), ("W2", (2, 3)), ("b2", (4,))):
        original = detector.params[name][index]
        detector.params[name][index] = original + 1e-6
        up, _ = detector.loss_and_grads(feats, obj, box, with_grads=False)
        detector.params[name][index] = original - 1e-6
        down, _ = detector.loss_and_grads(feats, obj, box, with_grads=False)
        detector.params[name][index] = original
        assert grads[name][index] == pytest.approx((up - down) / 2e-6, rel=1e-4, abs=1e-7)
