"""A rotating pipeline: every candidate's exact full-data loss, one after another, at GEMM speed.

L(W) = (1/N) Σ_c Σ_{i∈c} L_i + λR(W) is a sum over the M row chunks c, in any order. Each step
multiplies every W in flight by the next chunk, c = t mod M (one float32 GEMM, as in
engine.batched_loss), and keeps each candidate's chunk sum under its chunk index. A candidate
enters at whatever chunk comes next and leaves after one lap, when it has seen all M chunks; its
sums are then added exactly (math.fsum), so the order of its chunks cannot change its loss. (Its
chunk sums come from products of however many candidates were in flight, which on some CPUs
changes their last bits: see engine.batched_loss.)

Entries are staggered, so a full pipeline of `width` candidates serves every product with a
full block while about width / M candidates finish per step. The first lap is a ramp (Ramp): one
entry every other step, so the first loss comes after one lap of skinny products.
"""

from __future__ import annotations

import math

import numpy as np

from engine.batched_loss import ROW_CHUNK, chunk_sums, mean_of_chunks, row_chunks

FIRST_RATE = 0.5  # entries per step on the first lap: the first loss after one lap of ≤ M/2 candidates


class Ramp:
    """How many candidates may enter at a step: one at once, FIRST_RATE per step for the rest of the
    first lap after a (re)start, then width / lap per step (the even flow that keeps `width` in
    flight); never more than the free slots, nor a burst saved up while they were taken.

    The first lap's candidates leave one every 1 / FIRST_RATE steps while the rest fill up.
    """

    def __init__(self, lap: int, width: int, first_rate: float = FIRST_RATE):
        self.lap, self.full_rate = lap, width / lap
        self.first_rate = min(first_rate, self.full_rate)
        self.restart()

    def restart(self) -> None:
        self.steps, self.credit = 0, 1.0 - self.first_rate

    def allowance(self, free: int) -> int:
        """Entries allowed at this step (call once per step)."""
        rate = self.first_rate if self.steps < self.lap else self.full_rate
        self.steps += 1
        self.credit = min(self.credit + rate, rate + 1.0)  # a fraction carries over, a backlog does not
        entries = min(int(self.credit), free)
        self.credit -= entries
        return entries


class Pipeline:
    """Up to `width` candidates W (C, D) in flight over the rows of X; step() returns the finished.

    Slots 0 … active−1 hold the candidates in flight, so each product is one contiguous stack; a
    candidate that leaves is replaced by the last one, so a slot says nothing about entry order.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, loss: str, num_classes: int, width: int):
        self.X, self.y, self.loss, self.width = X, y, loss, width
        self.chunks = row_chunks(X.shape[0])
        self.weights = np.empty((width, num_classes, X.shape[1]), dtype=np.float32)
        self.sums = np.zeros((width, len(self.chunks)), dtype=np.float64)
        self.seen = np.zeros(width, dtype=np.intp)  # chunks each candidate has been multiplied by
        self.entered = np.zeros(width, dtype=np.int64)  # order of entry
        self.entries = 0
        self.tags: list = [None] * width
        self.penalties = np.zeros(width, dtype=np.float64)
        self.buffer = np.empty(width * num_classes * ROW_CHUNK, dtype=np.float32)
        self.active = 0
        self.chunk = 0  # the chunk the next step multiplies
        self.products = 0

    @property
    def lap(self) -> int:
        """M, the steps a candidate spends in the pipeline."""
        return len(self.chunks)

    @property
    def free(self) -> int:
        return self.width - self.active

    def admit(self, tag, W: np.ndarray, penalty: float = 0.0) -> None:
        """W (C, D) enters at the next chunk; TAG (e.g. its attempt number) comes back with its loss."""
        slot = self.active
        if slot == self.width:
            raise ValueError(f"the pipeline is full ({self.width} candidates in flight)")
        self.weights[slot] = W
        self.seen[slot], self.tags[slot], self.penalties[slot] = 0, tag, penalty
        self.entered[slot] = self.entries
        self.entries += 1
        self.active += 1

    def step(self) -> list[tuple[object, float, np.ndarray]]:
        """One product over the next chunk; (tag, L(W) + penalty, W) of each candidate whose lap it
        completed, in the order they entered."""
        k, index = self.active, self.chunk
        self.chunk = (index + 1) % self.lap
        if k == 0:
            return []
        start, stop = self.chunks[index]
        self.sums[:k, index] = chunk_sums(self.weights[:k], self.X[start:stop], self.y[start:stop],
                                          self.loss, self.buffer)
        self.products += 1
        self.seen[:k] += 1
        finished = sorted(np.flatnonzero(self.seen[:k] == self.lap), key=lambda slot: self.entered[slot])
        results = [(self.tags[slot], mean_of_chunks(self.sums[slot], self.X.shape[0]) + self.penalties[slot],
                    self.weights[slot].copy()) for slot in finished]
        self._remove(finished)
        return results

    def drop(self, keep) -> None:
        """Remove every candidate in flight whose tag fails keep(tag)."""
        self._remove([slot for slot in range(self.active) if not keep(self.tags[slot])])

    def _remove(self, slots) -> None:
        """Fill each freed slot with the last candidate in flight (one copy, not a shift of all)."""
        for slot in sorted(slots, reverse=True):
            last = self.active - 1
            if slot != last:
                self.weights[slot] = self.weights[last]
                self.sums[slot] = self.sums[last]
                self.seen[slot], self.entered[slot] = self.seen[last], self.entered[last]
                self.tags[slot], self.penalties[slot] = self.tags[last], self.penalties[last]
            self.active = last
