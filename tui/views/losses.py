"""The Losses view: minimal until the explorer issue lands — shows the table and both losses."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Static

from engine.numfmt import fixed
from engine.presets import load_preset
from engine.scene import Scene, evaluate


class LossesView(Vertical):
    def __init__(self, scene: Scene | None = None, path: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scene = scene or load_preset("lecture")
        self.path = path

    def compose(self):
        s, r = self.scene, evaluate(self.scene)
        head = "".join(f"{e:>12}" for e in s.examples)
        lines = [f"{'':10}{head}"]
        for j, c in enumerate(s.classes):
            cells = "".join(f"{fixed(r.scores[i, j]) + ('*' if s.labels[i] == j else ' '):>12}"
                            for i in range(s.num_examples))
            lines.append(f"{c:10}{cells}")
        lines.append(f"{'SVM L_i':10}" + "".join(f"{fixed(v):>11} " for v in r.svm_per_example))
        lines.append(f"SVM mean {fixed(r.svm_mean)}   softmax mean {fixed(r.softmax_mean)}")
        yield Static("\n".join(lines))

    def palette_commands(self):
        return []
