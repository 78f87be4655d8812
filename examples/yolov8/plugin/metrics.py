"""Box IoU, non-maximum suppression and detection metrics (mAP50, precision, recall).

Boxes are normalised (cx, cy, w, h) as in YOLO labels; a fifth column, where present, is
the confidence. mAP50 is computed the way VOC and ultralytics do at IoU 0.5: detections
of the whole split ranked by confidence, each matched to at most one unmatched ground
truth box, and the area under the interpolated precision/recall curve.
"""

from __future__ import annotations

import numpy as np


def xywh_to_xyxy(boxes: np.ndarray) -> np.ndarray:
    cx, cy, w, h = (boxes[..., i] for i in range(4))
    return np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=-1)


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise IoU of (n, 4+) and (m, 4+) xywh boxes -> (n, m)."""
    a, b = xywh_to_xyxy(np.asarray(a, float)[:, :4]), xywh_to_xyxy(np.asarray(b, float)[:, :4])
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.clip(rb - lt, 0, None).prod(axis=2)
    area_a = (a[:, 2:] - a[:, :2]).prod(axis=1)
    area_b = (b[:, 2:] - b[:, :2]).prod(axis=1)
    return inter / np.maximum(area_a[:, None] + area_b[None, :] - inter, 1e-12)


def nms(boxes: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the boxes kept, highest confidence first: neighbouring cells often see the same object."""
    order = np.argsort(-boxes[:, 4], kind="stable")
    keep = []
    while len(order):
        best, order = order[0], order[1:]
        keep.append(best)
        if len(order):
            order = order[box_iou(boxes[best : best + 1], boxes[order])[0] < iou_threshold]
    return np.array(keep, dtype=int)


def _match(detections: list[np.ndarray], truths: list[np.ndarray], iou_threshold: float):
    """Greedy matching per image in confidence order; returns (confidences, is_true_positive)."""
    confs, hits = [], []
    for dets, gts in zip(detections, truths):
        matched = np.zeros(len(gts), bool)
        ious = box_iou(dets, gts) if len(dets) and len(gts) else np.zeros((len(dets), len(gts)))
        for i in np.argsort(-dets[:, 4], kind="stable") if len(dets) else []:
            candidates = np.where(~matched & (ious[i] >= iou_threshold))[0]
            hit = len(candidates) > 0
            if hit:
                matched[candidates[np.argmax(ious[i, candidates])]] = True
            confs.append(dets[i, 4])
            hits.append(hit)
    return np.array(confs, float), np.array(hits, bool)


def average_precision(detections: list[np.ndarray], truths: list[np.ndarray], iou_threshold: float = 0.5) -> float:
    """AP at one IoU threshold over a split (all-point interpolation, as in VOC2010+)."""
    n_truth = sum(len(t) for t in truths)
    if n_truth == 0:
        return 0.0
    confs, hits = _match(detections, truths, iou_threshold)
    if len(confs) == 0:
        return 0.0
    hits = hits[np.argsort(-confs, kind="stable")]
    tp = np.cumsum(hits)
    recall = tp / n_truth
    precision = tp / np.arange(1, len(hits) + 1)
    # Precision envelope: the best precision achievable at this recall or beyond.
    recall = np.concatenate([[0.0], recall, [1.0]])
    precision = np.maximum.accumulate(np.concatenate([[1.0], precision, [0.0]])[::-1])[::-1]
    changes = np.where(recall[1:] != recall[:-1])[0]
    return float(np.sum((recall[changes + 1] - recall[changes]) * precision[changes + 1]))


def precision_recall(
    detections: list[np.ndarray], truths: list[np.ndarray], conf_threshold: float, iou_threshold: float = 0.5
) -> tuple[float, float]:
    """Precision and recall of the detections at or above one confidence threshold."""
    kept = [d[d[:, 4] >= conf_threshold] for d in detections]
    _, hits = _match(kept, truths, iou_threshold)
    n_truth = sum(len(t) for t in truths)
    precision = float(hits.mean()) if len(hits) else 0.0
    recall = float(hits.sum() / n_truth) if n_truth else 0.0
    return precision, recall
