"""The CI gate: score text files and decide pass/fail, with findings located by line.

Settings come from the command line, else from ``[tool.spamcheck]`` in the
nearest ``pyproject.toml`` (the closest one, from the current directory up, that
has that table). With no criterion set at all, a document fails when it is
labelled ``spam``.
"""

from __future__ import annotations

import bisect
import difflib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..result import Flag, Result

DOC_EXTS = (".txt", ".md", ".markdown", ".html", ".htm", ".text", ".rst")
SKIP_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}
FORMATS = ("text", "json", "github", "junit")
# Keys of [tool.spamcheck] (dashes or underscores); anything else is a typo, not ignored.
CONFIG_KEYS = ("max-score", "fail-on", "max-spam-fraction", "format")


class GateError(Exception):
    """A usage, configuration or input problem (exit status 2)."""


@dataclass
class Settings:
    """Gate criteria. ``None``/empty means "not set".

    >>> Settings(max_score=0.5).criteria_set()
    True
    """

    max_score: float | None = None
    fail_on: tuple[str, ...] = ()
    max_spam_fraction: float | None = None
    format: str = "text"
    config_file: str | None = None

    def criteria_set(self) -> bool:
        return self.max_score is not None or bool(self.fail_on) or self.max_spam_fraction is not None


@dataclass
class Located:
    flag: Flag
    line: int
    col: int
    end_line: int
    end_col: int


@dataclass
class DocOutcome:
    path: str
    result: Result | None
    flags: list[Located] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.reasons)


@dataclass
class GateReport:
    settings: Settings
    docs: list[DocOutcome]
    reasons: list[str] = field(default_factory=list)  # corpus-level (spam fraction)

    @property
    def n_spam(self) -> int:
        return sum(1 for d in self.docs if d.result is not None and d.result.label == "spam")

    @property
    def spam_fraction(self) -> float:
        scored = [d for d in self.docs if d.result is not None and not d.error]
        return self.n_spam / len(scored) if scored else 0.0

    @property
    def failed(self) -> bool:
        return bool(self.reasons) or any(d.failed for d in self.docs)

    @property
    def input_errors(self) -> list[DocOutcome]:
        return [d for d in self.docs if d.error]

    def exit_code(self) -> int:
        """0 pass, 1 gate failed, 2 some input could not be read or scored."""
        if self.input_errors:
            return 2
        return 1 if self.failed else 0


# -- settings -------------------------------------------------------------


def find_pyproject(start: str | os.PathLike[str] = ".") -> Path | None:
    """The closest ``pyproject.toml`` at or above ``start`` with a ``[tool.spamcheck]`` table."""
    here = Path(start).resolve()
    for d in (here, *here.parents):
        p = d / "pyproject.toml"
        if p.is_file():
            try:
                if "spamcheck" in _read_toml(p).get("tool", {}):
                    return p
            except GateError:
                return p  # report the broken file rather than silently skipping it
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # Python 3.10: tomli, a dependency there, is the same parser
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError as exc:
            v = sys.version_info
            raise GateError(
                f"{path}: reading TOML on Python {v.major}.{v.minor} needs the 'tomli' package, "
                "a spamcheck dependency missing from this environment: pip install 'tomli>=1.1' "
                "(or pass --no-config)"
            ) from exc
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GateError(f"{path}: cannot read: {exc}") from exc


def load_settings(config: str | None, cli: dict[str, Any], *, use_config: bool = True) -> Settings:
    """Merge ``[tool.spamcheck]`` and command-line values (the command line wins).

    >>> load_settings(None, {"max_score": 0.7}, use_config=False).max_score
    0.7
    """
    merged: dict[str, Any] = {}
    path: Path | None = None
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise GateError(f"{config}: no such config file")
    elif use_config:
        path = find_pyproject()
    if path is not None:
        table = _read_toml(path).get("tool", {}).get("spamcheck", {})
        if not isinstance(table, dict):
            raise GateError(f"{path}: [tool.spamcheck] must be a table")
        for key, value in table.items():
            dashed = key.replace("_", "-")
            if dashed not in CONFIG_KEYS:
                raise GateError(
                    f"{path}: unknown key {key!r} in [tool.spamcheck]{_suggest(dashed, CONFIG_KEYS)}; "
                    f"valid keys: {', '.join(CONFIG_KEYS)}"
                )
            merged[key.replace("-", "_")] = value
    merged.update({k: v for k, v in cli.items() if v is not None})
    s = Settings(config_file=str(path) if path else None)
    where = f" (in {path})" if path else ""
    s.max_score = _fraction(merged.get("max_score"), "max-score", where)
    s.max_spam_fraction = _fraction(merged.get("max_spam_fraction"), "max-spam-fraction", where)
    s.fail_on = _types(merged.get("fail_on"), where)
    fmt = merged.get("format", "text")
    if fmt not in FORMATS:
        raise GateError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}{where}")
    s.format = fmt
    return s


def _fraction(v: Any, name: str, where: str) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError) as exc:
        raise GateError(f"{name} must be a number between 0 and 1, not {v!r}{where}") from exc
    if isinstance(v, bool) or not 0.0 <= f <= 1.0:
        raise GateError(f"{name} must be a number between 0 and 1, not {v!r}{where}")
    return f


def _types(v: Any, where: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        v = v.split(",")
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise GateError(f"fail-on must be a list of flag types (or a comma-separated string){where}")
    names = tuple(x.strip() for x in v if x.strip())
    for name in names:
        problem = unknown_flag_name(name)
        if problem:
            raise GateError(f"fail-on: {problem}{where}")
    return names


def flag_names() -> dict[str, tuple[str, ...]]:
    """Valid ``--fail-on`` names: each family and the flag types it declares.

    >>> "prompt_leak" in flag_names()["fragments"]
    True
    """
    from ..detectors import flag_types

    return flag_types()


def unknown_flag_name(name: str) -> str | None:
    """Why ``name`` is not a family, a type or ``family/type`` (``None`` when it is one).

    >>> unknown_flag_name("fragments/prompt_leak") is None
    True
    >>> unknown_flag_name("placeholder_metdata").split(";")[0]
    "unknown flag family or type 'placeholder_metdata' (did you mean 'placeholder_metadata'?)"
    """
    fams = flag_names()
    types = sorted({t for ts in fams.values() for t in ts})
    if "/" in name:
        fam, _, typ = name.partition("/")
        if fam in fams and typ in fams[fam]:
            return None
        pairs = [f"{f}/{t}" for f, ts in fams.items() for t in ts]
        if fam in fams:
            hint = _suggest(name, pairs) or _suggest_owner(typ, fams)
            return (
                f"unknown flag type {name!r}: family {fam} has no type {typ!r}{hint}; "
                f"its types: {', '.join(fams[fam])}"
            )
        return f"unknown flag family/type {name!r}{_suggest(name, pairs)}; {describe_flag_names()}"
    if name in fams or name in types:
        return None
    return f"unknown flag family or type {name!r}{_suggest(name, [*fams, *types])}; {describe_flag_names()}"


def _suggest_owner(typ: str, fams: dict[str, tuple[str, ...]]) -> str:
    owners = [f"{f}/{typ}" for f, ts in fams.items() if typ in ts]
    return f" (did you mean {owners[0]!r}?)" if owners else ""


def describe_flag_names() -> str:
    """The valid names, family by family, in one line (for messages and ``gate --help``)."""
    return "valid: " + "; ".join(f"{f}: {', '.join(ts)}" for f, ts in flag_names().items())


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def matches(flag: Flag, wanted: Iterable[str]) -> bool:
    """Does ``flag`` match one of ``family``, ``type`` or ``family/type``?

    >>> f = Flag("fragments", "prompt_leak", 0, 1, "x", "r", 0.9)
    >>> matches(f, ["prompt_leak"]), matches(f, ["fragments"]), matches(f, ["spun/prompt_leak"])
    (True, True, False)
    """
    full = f"{flag.family}/{flag.type}"
    return any(w in (full, flag.type, flag.family) for w in wanted)


# -- documents ------------------------------------------------------------


def collect(paths: Iterable[str]) -> list[str]:
    """Files named, plus text/Markdown/HTML files under folders, sorted per folder."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            out.extend(_walk(p))
        elif os.path.exists(p):
            out.append(p)
        else:
            raise GateError(f"{p}: no such file or directory")
    return out


def _walk(root: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith(DOC_EXTS) and not name.startswith("."):
                yield os.path.join(dirpath, name)


def check_file(path: str, detector: Any, settings: Settings) -> DocOutcome:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return DocOutcome(path, None, error=f"cannot read: {exc.strerror or exc}")
    from ..text.decode import decode_bytes

    is_html = path.lower().endswith((".html", ".htm"))
    from ..chunked import score_with_text

    # One decode and one parse: the detector returns the text its offsets index.
    result, text = score_with_text(detector, data, doc_id=path, html=is_html or None)
    if result.error:
        return DocOutcome(path, result, error=result.error)
    is_html = result.input_kind == "html"
    # HTML evidence is looked up in the source, so only then is the file decoded here.
    source = decode_bytes(data)[0] if is_html and result.flags else None
    doc = DocOutcome(path, result, flags=locate(result.flags, text or "", source))
    doc.reasons = _doc_reasons(result, settings)
    return doc


def locate(flags: list[Flag], text: str, html_source: str | None = None) -> list[Located]:
    """Line and column (1-based) of each flag in the file.

    For HTML the offsets index the visible text, so the evidence is looked up in
    the source instead (first occurrence; line 1 when it cannot be found).

    >>> [(x.line, x.col) for x in locate([Flag("f", "t", 4, 7, "two", "r", 1.0)], "one\\ntwo")]
    [(2, 1)]
    """
    base = html_source if html_source is not None else text
    starts = [0] + [i + 1 for i, ch in enumerate(base) if ch == "\n"]
    out = []
    for f in flags:
        s, e = f.start, f.end
        if html_source is not None:
            probe = f.text.split("\n", 1)[0][:60]
            at = html_source.find(probe) if probe else -1
            s, e = (at, at + len(f.text)) if at >= 0 else (0, 0)
        ln = bisect.bisect_right(starts, s)
        eln = bisect.bisect_right(starts, max(s, e - 1))
        out.append(Located(f, ln, s - starts[ln - 1] + 1, eln, max(s, e - 1) - starts[eln - 1] + 1))
    return out


def _doc_reasons(r: Result, s: Settings) -> list[str]:
    reasons = []
    if not s.criteria_set() and r.label == "spam":
        reasons.append(f"labelled spam (score {r.score:.3f})")
    if s.max_score is not None and r.score > s.max_score:
        reasons.append(f"score {r.score:.3f} > max-score {s.max_score:.3f}")
    if s.fail_on:
        hit: dict[str, int] = {}
        for f in r.flags:
            if matches(f, s.fail_on):
                k = f"{f.family}/{f.type}"
                hit[k] = hit.get(k, 0) + 1
        reasons.extend(f"flag {k} (x{n}) is in fail-on" for k, n in sorted(hit.items()))
    return reasons


def run_gate(paths: list[str], settings: Settings, detector: Any = None) -> GateReport:
    """Score every document and apply the criteria.

    >>> import tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(p, "w").write("A short note written by a person about the weather today.")
    >>> run_gate([p], Settings(max_score=0.99)).exit_code()
    0
    """
    if detector is None:
        from .. import default_detector

        detector = default_detector()
    docs = [check_file(p, detector, settings) for p in collect(paths)]
    rep = GateReport(settings, docs)
    if settings.max_spam_fraction is not None and rep.spam_fraction > settings.max_spam_fraction:
        rep.reasons.append(
            f"spam fraction {rep.spam_fraction:.3f} ({rep.n_spam} of "
            f"{sum(1 for d in docs if d.result and not d.error)}) "
            f"> max-spam-fraction {settings.max_spam_fraction:.3f}"
        )
    return rep
