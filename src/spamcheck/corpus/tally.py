"""Running totals of a corpus run: bounded in size whatever the corpus size."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BINS = 20  # score histogram bins of width 0.05 over [0, 1]


@dataclass
class Stats:
    """Counts that go into ``summary.json`` (and into every checkpoint, for resume).

    >>> s = Stats(); s.add_scored(0.93, "spam", {"fragments/prompt_leak": 2}, "in.jsonl", True)
    >>> s.records_in, s.by_label["spam"], s.histogram[18]
    (1, 1, 1)
    """

    records_in: int = 0
    scored: int = 0
    errors: int = 0
    skipped: int = 0
    kept: int = 0
    dropped: int = 0
    by_label: dict[str, int] = field(default_factory=lambda: {"clean": 0, "suspect": 0, "spam": 0})
    error_kinds: dict[str, int] = field(default_factory=dict)
    skip_reasons: dict[str, int] = field(default_factory=dict)
    flag_types: dict[str, dict[str, int]] = field(default_factory=dict)  # "fam/type" -> flags, docs
    histogram: list[int] = field(default_factory=lambda: [0] * BINS)
    per_input: dict[str, dict[str, int]] = field(default_factory=dict)  # by input index
    score_sum: float = 0.0
    elapsed_before: float = 0.0  # seconds spent by earlier (interrupted) sessions

    def _input(self, name: str) -> dict[str, int]:
        return self.per_input.setdefault(name, {"scored": 0, "errors": 0, "skipped": 0})

    def add_scored(self, score: float, label: str, counts: dict[str, int], inp: str, dropped: bool) -> None:
        self.records_in += 1
        self.scored += 1
        self.by_label[label] = self.by_label.get(label, 0) + 1
        self.histogram[min(BINS - 1, max(0, int(score * BINS)))] += 1
        self.score_sum += score
        for k, n in counts.items():
            ft = self.flag_types.setdefault(k, {"flags": 0, "docs": 0})
            ft["flags"] += n
            ft["docs"] += 1
        if dropped:
            self.dropped += 1
        else:
            self.kept += 1
        self._input(inp)["scored"] += 1

    def add_error(self, kind: str, inp: str) -> None:
        self.records_in += 1
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1
        self._input(inp)["errors"] += 1

    def add_skip(self, reason: str, inp: str) -> None:
        self.skipped += 1
        key = reason.split("(")[-1].rstrip(")") if "(" in reason else reason
        self.skip_reasons[key] = self.skip_reasons.get(key, 0) + 1
        self._input(inp)["skipped"] += 1

    def merge(self, o: Stats) -> None:
        """Add another chunk's counts to these.

        >>> a, b = Stats(), Stats(); b.add_error("bad_utf8", "0"); a.merge(b); a.merge(b)
        >>> a.errors, a.error_kinds, a.per_input["0"]["errors"]
        (2, {'bad_utf8': 2}, 2)
        """
        for name in ("records_in", "scored", "errors", "skipped", "kept", "dropped", "score_sum"):
            setattr(self, name, getattr(self, name) + getattr(o, name))
        for mine, theirs in (
            (self.by_label, o.by_label),
            (self.error_kinds, o.error_kinds),
            (self.skip_reasons, o.skip_reasons),
        ):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        for nested_mine, nested_theirs in ((self.flag_types, o.flag_types), (self.per_input, o.per_input)):
            for k, d in nested_theirs.items():
                tgt = nested_mine.setdefault(k, dict.fromkeys(d, 0))
                for kk, v in d.items():
                    tgt[kk] = tgt.get(kk, 0) + v
        self.histogram = [a + b for a, b in zip(self.histogram, o.histogram, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stats:
        return cls(**d)

    def summary(self, elapsed: float, session_records: int, names: list[str] | None = None) -> dict[str, Any]:
        """The ``summary.json`` body (without the run description); ``names``: input paths by index."""
        total = self.elapsed_before + elapsed
        fams: dict[str, dict[str, int]] = {}
        for k, v in self.flag_types.items():
            fam = k.split("/", 1)[0]
            f = fams.setdefault(fam, {"flags": 0})
            f["flags"] += v["flags"]
        return {
            "records_in": self.records_in,
            "scored": self.scored,
            "errors": self.errors,
            "skipped": self.skipped,
            "labels": self.by_label,
            "kept": self.kept,
            "dropped": self.dropped,
            "mean_score": round(self.score_sum / self.scored, 6) if self.scored else None,
            "error_kinds": dict(sorted(self.error_kinds.items())),
            "skip_reasons": dict(sorted(self.skip_reasons.items())),
            "flag_types": dict(sorted(self.flag_types.items(), key=lambda kv: -kv[1]["flags"])),
            "flag_families": fams,
            "histogram": {"edges": [round(i / BINS, 2) for i in range(BINS + 1)], "counts": self.histogram},
            "per_input": {
                names[int(k)] if names and k.isdigit() else k: v for k, v in self.per_input.items()
            },
            "throughput": {
                "records_per_s": round(session_records / elapsed, 2) if elapsed > 0 else None,
                "session_records": session_records,
                "session_seconds": round(elapsed, 3),
                "total_seconds": round(total, 3),
            },
        }
