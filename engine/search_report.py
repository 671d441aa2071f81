"""What a search says, in one place: the lecture's line per attempt (or sgd step), the closing lines
with the test accuracy as the slide prints it, and the record of what was run (for JSON output).

The lecture's loop prints ``in attempt 0 the loss was 9.401632, best 9.401632`` and, for the test
set, ``np.mean(Yte_predict == Yte)`` → ``0.1555``. sgd takes steps on minibatches, so its lines say
``in step 487 the minibatch loss was …``.
"""

from __future__ import annotations

import math

UNIT = {"random": "attempt", "local": "attempt", "sgd": "step"}
LOSS_NAME = {"random": "loss", "local": "loss", "sgd": "minibatch loss"}


def loss_text(x: float) -> str:
    """%f as in the lecture's loop (9.809638); scientific once that would be a wall of digits."""
    return f"{x:f}" if not math.isfinite(x) or abs(x) < 1e15 else f"{x:.6e}"


def progress_line(strategy: str, attempt: int, loss: float, best: float) -> str:
    """``in attempt 4 the loss was 8.857370, best 8.857370`` (sgd: ``in step 4 the minibatch loss was …``)."""
    return f"in {UNIT[strategy]} {attempt} the {LOSS_NAME[strategy]} was {loss_text(loss)}, best {loss_text(best)}"


def counted(n: int, strategy: str) -> str:
    """'1 attempt', '12 attempts', '300 steps'."""
    return f"{n:,} {UNIT[strategy]}{'' if n == 1 else 's'}"


def accuracy_line(accuracy: float) -> str:
    """``test accuracy of the best W: 0.1555 (15.55%)``: the slide's fraction, then the percentage."""
    if math.isnan(accuracy):
        return "test accuracy of the best W: none (no test images)"
    return f"test accuracy of the best W: {accuracy:.4f} ({accuracy:.2%})"


def summary_lines(summary, strategy: str, planned: int) -> list[str]:
    """The closing lines: what stopped, the best loss and the rate, then the test accuracy line."""
    lines = []
    unit = UNIT[strategy]
    if summary.cancelled:
        lines.append(f"stopped after {summary.attempts:,} of {counted(planned, strategy)}")
    if summary.attempts:
        lines.append(f"best {LOSS_NAME[strategy]} {loss_text(summary.best)} ({unit} {summary.best_attempt}) "
                     f"after {counted(summary.attempts, strategy)}, {summary.candidates_per_s:.1f} {unit}s/s")
        lines.append(accuracy_line(summary.test_accuracy))
    return lines


def dataset_description(data) -> str:
    """'shapes (generated with seed 0): 50,000 training and 10,000 test images, 10 classes, 3,072
    features and the bias, mean image subtracted'."""
    source = f" ({data.source})" if data.source and data.source not in data.name else ""
    mean = "mean image subtracted" if data.mean_image is not None else "raw pixel values"
    return (f"{data.name}{source}: {data.X_train.shape[0]:,} training and {data.X_test.shape[0]:,} test "
            f"images, {data.num_classes} classes, {data.num_features - 1:,} features and the bias, {mean}")


def search_record(config, data, spec: str) -> dict:
    """What was run, for a script to check: {"config": …, "dataset": …}; null where the strategy
    does not use a setting (random search has no step, only sgd a batch size)."""
    uses = {"step": config.strategy != "random", "batch_size": config.strategy == "sgd",
            "width": config.strategy != "sgd"}
    return {
        "config": {
            "strategy": config.strategy, "loss": config.loss, "seed": config.seed,
            "attempts": config.attempts, "reg": config.reg,
            "step": config.resolved_step if uses["step"] else None,
            "batch_size": config.batch_size if uses["batch_size"] else None,
            "width": config.width if uses["width"] else None,
        },
        "dataset": {
            "spec": spec, "name": data.name, "description": dataset_description(data),
            "source": data.source, "train_size": int(data.X_train.shape[0]),
            "test_size": int(data.X_test.shape[0]), "classes": list(data.classes),
            "features": int(data.num_features), "mean_subtract": data.mean_image is not None,
        },
    }
