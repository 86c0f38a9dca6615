"""How sure a share of postings is: its 95% interval, and when a figure is too thin to trust.

Pure Python, no Django. A share is the fraction of a (role, seniority)'s `postings` that
mention a skill; the fewer postings, the less the share says about the whole market.

* **Interval**: Wilson's 95% score interval of a share p of n postings (z = 1.96):
      centre = (p + z²/2n) / (1 + z²/n)
      half   = z / (1 + z²/n) x sqrt(p(1 - p)/n + z²/4n²)
  Unlike the textbook p ± z·sqrt(p(1-p)/n) it never leaves 0..100% and is not zero-wide at
  0% or 100%, which matters exactly where postings are few.
* **Few postings** (`FEW_POSTINGS` = 400): below it a share is shown with its interval. From
  400 postings on, the interval is at most ±4.9 points (at 50%): shown or not, it changes
  no decision, and a column of intervals would bury the shares.
* **Lower bound**: a practice asked for in many wordings (`Skill.wording_varies`: model
  serving, team leadership...) counted from postings with this app's skill finder is found
  only where a known wording is used; its share is shown as "at least"
  (`Snapshot.shares_counted_here`). Figures counted elsewhere (the seed's transcription, an
  outside analysis imported as an aggregate) are not so marked: their misses are not ours to
  state. The interval beside an "at least" share is the counted share's, and is said so: it
  bounds the count, while the market's share lies at or above the count.
* **Tentative tier** (`TENTATIVE_BELOW` = 100): below it the priority tier is marked
  tentative. Under 100 postings the interval of a share near 50% is wider than ±9.6 points,
  as wide as a whole tier band (Medium is 10-25%): the next hundred postings could move
  the skill into another tier.
"""

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the standard normal's 97.5% quantile
FEW_POSTINGS = 400
TENTATIVE_BELOW = 100


def wilson_interval(*, share: float, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson's score interval (low, high) of a proportion `share` (0..1) of `n` > 0 trials."""
    if n <= 0:
        raise ValueError("A share of no postings has no interval.")
    share = min(1.0, max(0.0, share))
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    # Exact at the ends (0% -> low 0, 100% -> high 1); for shares a hair from 0 or 1 the
    # subtraction cancels, so the bounds are also kept on their side of the share.
    low = 0.0 if share == 0 else min(share, max(0.0, centre - half))
    high = 1.0 if share == 1 else max(share, min(1.0, centre + half))
    return low, high


@dataclass(frozen=True)
class ShareOfPostings:
    """A share (percent) and the number of postings it was measured on (None: unknown).
    `lower_bound`: the skill is asked for in more wordings than its aliases list and the
    share was counted from postings, so postings that ask for it in other words are missing
    from it: the share is "at least" this."""

    share_pct: float
    postings: int | None
    lower_bound: bool = False

    @property
    def mentions(self) -> int | None:
        """About how many of the postings mention the skill: share x postings, rounded."""
        if self.postings is None:
            return None
        return round(self.share_pct * self.postings / 100)

    @property
    def interval_pct(self) -> tuple[float, float] | None:
        """The 95% interval in percent, or None when the number of postings is unknown."""
        if not self.postings:
            return None
        low, high = wilson_interval(share=self.share_pct / 100, n=self.postings)
        return 100 * low, 100 * high

    @property
    def is_few(self) -> bool:
        """Measured on fewer than `FEW_POSTINGS` postings: the interval goes beside it."""
        return self.postings is not None and self.postings < FEW_POSTINGS

    @property
    def tier_is_tentative(self) -> bool:
        """Fewer than `TENTATIVE_BELOW` postings: the tier could change with more data."""
        return self.postings is not None and self.postings < TENTATIVE_BELOW

    @property
    def interval_label(self) -> str:
        """Whose interval it is: "95% interval"; beside a lower bound "counted share's 95%
        interval", for it bounds the count and the market's share may lie above its top."""
        whose = "counted share's " if self.lower_bound else ""
        return f"{whose}95% interval"

    @property
    def interval_range(self) -> str:
        """ "52.1-71.3%", or "" when not worth showing (many or unknown postings)."""
        interval = self.interval_pct
        if not self.is_few or interval is None:
            return ""
        low, high = interval
        return f"{low:.1f}–{high:.1f}%"
