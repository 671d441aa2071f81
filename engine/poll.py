"""The lecture's poll: "How often should I expect a random search to find a new improved solution?"

If the n attempts are i.i.d. draws of a continuous loss, attempt k (1-based) is a new best
exactly when it is the smallest of the first k draws, which happens with probability 1/k.
Summing those indicator expectations, the expected number of improvements in n attempts
(counting the first attempt, which always beats ``inf``) is the harmonic number

    H_n = 1 + 1/2 + 1/3 + ... + 1/n  ≈  ln n + 0.5772…   (H_1000 ≈ 7.49)

and, the indicators being independent, its variance is  H_n − (1 + 1/4 + ... + 1/n²).

Pure Python; no numpy, no UI.
"""

from __future__ import annotations

import math

EULER_GAMMA = 0.5772156649015329
_EXACT_UP_TO = 2000


def harmonic(n: int) -> float:
    """H_n = 1 + 1/2 + … + 1/n (H_0 = 0): expected improvements in n i.i.d. attempts.

    Summed exactly up to n = 2000, beyond that the asymptotic series
    ln n + γ + 1/(2n) − 1/(12n²) + 1/(120n⁴), whose error there is below 1e-16.
    """
    if n < 0:
        raise ValueError(f"harmonic number of a negative count: {n}")
    if n <= _EXACT_UP_TO:
        return math.fsum(1.0 / k for k in range(1, n + 1))
    return math.log(n) + EULER_GAMMA + 1 / (2 * n) - 1 / (12 * n**2) + 1 / (120 * n**4)


def improvements_sd(n: int) -> float:
    """Standard deviation of the number of improvements in n i.i.d. attempts:
    sqrt(H_n − Σ 1/k²), the indicators "attempt k is a new best" being independent Bernoulli(1/k)."""
    if n < 0:
        raise ValueError(f"improvement spread of a negative count: {n}")
    if n <= _EXACT_UP_TO:
        squares = math.fsum(1.0 / (k * k) for k in range(1, n + 1))
    else:  # π²/6 − 1/n + 1/(2n²) − 1/(6n³): tail of Σ 1/k² beyond n
        squares = math.pi**2 / 6 - 1 / n + 1 / (2 * n**2) - 1 / (6 * n**3)
    return math.sqrt(max(0.0, harmonic(n) - squares))
