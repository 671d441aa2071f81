"""What lecture mode hides until the instructor reveals it: a question's answer appears nowhere
on screen before its build (grid, totals, facts, derivation, messages, the search poll)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hidden:
    """Which numbers the class must not see yet, from a stage's hide/show names:

    svm / svm:N / svm-mean — the hinge terms and L_i of every / the N-th example, the mean;
    softmax / softmax:N / softmax-mean — probabilities and L_i, likewise; softmax-exp,
    softmax-prob, softmax-loss — one stage of the exp → normalize → −log pipeline;
    facts or q4-svm, q5-svm, q4-softmax, q5-softmax — the answers to Q4 / Q5;
    poll — random search's expected improvements H_n;
    preference — which weights a regularizer prefers.
    """

    names: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.names)

    def svm(self, i: int) -> bool:
        return "svm" in self.names or f"svm:{i}" in self.names

    def svm_mean(self, examples: int) -> bool:
        return "svm-mean" in self.names or any(self.svm(i) for i in range(examples))

    def exp(self) -> bool:
        return "softmax" in self.names or "softmax-exp" in self.names

    def prob(self, i: int) -> bool:
        return "softmax" in self.names or f"softmax:{i}" in self.names or "softmax-prob" in self.names

    def softmax(self, i: int) -> bool:
        """softmax L_i of example i."""
        return self.prob(i) or "softmax-loss" in self.names

    def softmax_mean(self, examples: int) -> bool:
        return "softmax-mean" in self.names or any(self.softmax(i) for i in range(examples))

    def fact(self, name: str) -> bool:
        """name: q4-svm, q5-svm, q4-softmax, q5-softmax."""
        return "facts" in self.names or name in self.names

    def __contains__(self, name: str) -> bool:  # poll, preference
        return name in self.names


NOTHING_HIDDEN = Hidden()
