"""``shapes``: an offline, CIFAR-shaped dataset of simple coloured shapes and patterns.

Every image is 32×32×3 uint8: a noisy background (a random colour with a vertical shading
gradient) and one foreground drawn in a colour that leans towards its class's colour
(60 % class colour, 40 % random, so colour alone does not decide the class). Pixel noise is
Gaussian, σ = 16. The ten classes, in label order:

====  ==================  ============================================  ==========
 y    name                what is drawn                                 leans to
====  ==================  ============================================  ==========
 0    disc                a filled circle of radius r                   red
 1    square              a filled axis-aligned square, half-side 0.8r  blue
 2    triangle            a filled upward triangle, height 2r           green
 3    cross               a plus sign, arms r long and 2r/3 thick       yellow
 4    ring                an annulus, radii 0.55r to r                  magenta
 5    diamond             a filled square rotated 45°, |dx|+|dy| ≤ r    cyan
 6    horizontal stripes  stripes across the whole image                orange
 7    vertical stripes    stripes down the whole image                  purple
 8    diagonal stripes    stripes at 45° across the whole image         grey
 9    checkerboard        a checkerboard over the whole image           brown
====  ==================  ============================================  ==========

Shapes are centred at (cx, cy) ∈ [9, 23]², r ∈ [5, 11]; patterns have a period of 4–9 pixels.
Generation is deterministic by seed and works in chunks of 1,000 images, each chunk with its own
random stream (seed, split, chunk index): the first n images of a split are the same whatever the
split's size, and the test split does not depend on the training size. Labels are balanced
(100 of each class per chunk). 60,000 images take a few seconds; load_dataset caches the result.
"""

from __future__ import annotations

import numpy as np

from engine.datasets.dataset import IMAGE_SHAPE, ProgressCallback

CLASSES = ("disc", "square", "triangle", "cross", "ring", "diamond",
           "horizontal stripes", "vertical stripes", "diagonal stripes", "checkerboard")
CLASS_COLOURS = np.array([(220, 40, 40), (40, 70, 220), (40, 180, 60), (230, 210, 40),
                          (210, 50, 200), (50, 210, 220), (240, 140, 30), (120, 50, 170),
                          (150, 150, 150), (130, 80, 40)], dtype=np.float32)
DEFAULT_TRAIN, DEFAULT_TEST = 50_000, 10_000
CHUNK = 1000
NOISE_SIGMA = 16.0
FORMAT_VERSION = 1  # part of the cache key: bump when the images drawn change
SPLIT_KEYS = {"train": 0, "test": 1}

_YY, _XX = np.mgrid[0:32, 0:32].astype(np.float32)


def _disc(dx, dy, r, period):
    """dx² + dy² ≤ r²."""
    return dx * dx + dy * dy <= r * r


def _square(dx, dy, r, period):
    """max(|dx|, |dy|) ≤ 0.8 r."""
    return np.maximum(np.abs(dx), np.abs(dy)) <= 0.8 * r


def _triangle(dx, dy, r, period):
    """−r ≤ dy ≤ r and |dx| ≤ (dy + r) / 2: apex at the top, base at the bottom."""
    return (np.abs(dy) <= r) & (np.abs(dx) <= (dy + r) * 0.5)


def _cross(dx, dy, r, period):
    """A plus: (|dx| ≤ r/3 and |dy| ≤ r) or (|dy| ≤ r/3 and |dx| ≤ r)."""
    ax, ay = np.abs(dx), np.abs(dy)
    return ((ax <= r / 3) & (ay <= r)) | ((ay <= r / 3) & (ax <= r))


def _ring(dx, dy, r, period):
    """(0.55 r)² ≤ dx² + dy² ≤ r²."""
    d2 = dx * dx + dy * dy
    return (d2 <= r * r) & (d2 >= (0.55 * r) ** 2)


def _diamond(dx, dy, r, period):
    """|dx| + |dy| ≤ r."""
    return np.abs(dx) + np.abs(dy) <= r


def _stripes(t, period):
    """Alternate bands of half a period along the coordinate t."""
    return np.floor(t / (period * 0.5)).astype(np.int64) % 2 == 0


def _horizontal(dx, dy, r, period):
    """Bands along y."""
    return _stripes(dy + 64, period)


def _vertical(dx, dy, r, period):
    """Bands along x."""
    return _stripes(dx + 64, period)


def _diagonal(dx, dy, r, period):
    """Bands along x + y."""
    return _stripes(dx + dy + 128, period * 1.41)


def _checkerboard(dx, dy, r, period):
    """Squares of half a period: bands along x XOR bands along y."""
    return _stripes(dx + 64, period) ^ _stripes(dy + 64, period)


MASKS = (_disc, _square, _triangle, _cross, _ring, _diamond,
         _horizontal, _vertical, _diagonal, _checkerboard)


def _chunk_rng(seed: int, split: str, index: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(SPLIT_KEYS[split], index)))


def generate_chunk(seed: int, split: str, index: int) -> tuple[np.ndarray, np.ndarray]:
    """CHUNK images (CHUNK, 32, 32, 3) uint8 and labels: image = blend(bg, fg, mask) + N(0, σ²)."""
    rng = _chunk_rng(seed, split, index)
    labels = (rng.permutation(CHUNK) % len(CLASSES)).astype(np.uint8)
    centre = rng.uniform(9, 23, size=(CHUNK, 2)).astype(np.float32)
    radius = rng.uniform(5, 11, size=CHUNK).astype(np.float32)
    period = rng.uniform(4, 9, size=CHUNK).astype(np.float32)
    fg = 0.6 * CLASS_COLOURS[labels] + 0.4 * rng.uniform(0, 255, size=(CHUNK, 3)).astype(np.float32)
    bg = rng.uniform(0, 255, size=(CHUNK, 3)).astype(np.float32)
    shade = 1 + rng.uniform(-0.3, 0.3, size=CHUNK).astype(np.float32)[:, None] * (_YY[None, :, 0] - 16) / 16
    mask = np.empty((CHUNK, 32, 32), dtype=bool)
    for label, draw in enumerate(MASKS):
        rows = np.flatnonzero(labels == label)
        dx = _XX[None] - centre[rows, 0, None, None]
        dy = _YY[None] - centre[rows, 1, None, None]
        mask[rows] = draw(dx, dy, radius[rows, None, None], period[rows, None, None])
    image = np.empty((CHUNK, *IMAGE_SHAPE), dtype=np.float32)
    np.multiply(bg[:, None, None, :], shade[:, :, None, None], out=image)
    np.copyto(image, fg[:, None, None, :], where=mask[..., None])
    noise = rng.standard_normal(image.shape, dtype=np.float32)
    noise *= NOISE_SIGMA
    image += noise
    return np.clip(image, 0, 255, out=image).astype(np.uint8), labels


def generate_split(count: int, seed: int, split: str, progress: ProgressCallback | None = None):
    """The first COUNT images and labels of a split, chunk by chunk."""
    images = np.empty((count, *IMAGE_SHAPE), dtype=np.uint8)
    labels = np.empty(count, dtype=np.uint8)
    for index, start in enumerate(range(0, count, CHUNK)):
        chunk_images, chunk_labels = generate_chunk(seed, split, index)
        stop = min(start + CHUNK, count)
        images[start:stop] = chunk_images[:stop - start]
        labels[start:stop] = chunk_labels[:stop - start]
        if progress:
            progress(f"generating shapes ({split})", stop, count)
    return images, labels


def generate(train_size: int = DEFAULT_TRAIN, test_size: int = DEFAULT_TEST, seed: int = 0,
             progress: ProgressCallback | None = None):
    """(X_train, y_train, X_test, y_test) as uint8 images (load_dataset caches the features)."""
    return (*generate_split(train_size, seed, "train", progress),
            *generate_split(test_size, seed, "test", progress))
