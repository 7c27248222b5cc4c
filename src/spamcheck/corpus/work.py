"""The worker side of the corpus runner: parse, score and format one chunk.

Runs in pool workers (or in-process for ``--jobs 1``). Everything that can go
wrong with one record is caught here and becomes an error line, so a chunk
always comes back with exactly one outcome per item, in order.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass, field
from typing import Any

from ..messages import describe
from ..numeric import one_thread
from ..result import by_strength
from .items import Item
from .tally import Stats

MAX_FLAGS = 50  # flags listed per document in scores.jsonl (all are counted)
EVIDENCE_CHARS = 300
CONTEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class Options:
    """How records are read and what is written for them.

    >>> Options().text_field
    'text'
    """

    id_field: str = "id"
    text_field: str = "text"
    html_field: str | None = None
    split: bool = False
    drop_labels: frozenset[str] = field(default_factory=lambda: frozenset({"spam"}))


# Outcomes: ("ok", score_line, score, label, flag_counts, split_line | None, dropped)
#           ("err", error_line, error_kind)
#           ("skip", reason)
Outcome = tuple[Any, ...]


def init_worker() -> None:
    """Pool initializer: die with the parent, leave Ctrl-C to it, load the detector once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    from .. import default_detector

    default_detector()
    global _LIMITER
    _LIMITER = one_thread()


_LIMITER: Any = None


def _die_with_parent() -> None:
    # A SIGKILLed runner must not leave workers behind holding the output dir.
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        os._exit(1)


def process_chunk(items: list[Item], opts: Options) -> Packed:
    """Score a chunk: the output lines joined per file, and the chunk's counts.

    Joining in the worker keeps the parent's share of the work (unpickling,
    counting, writing) small and independent of the number of records.

    >>> it = Item(0, "a.jsonl", 0, 0, "json", b'{"id": 7, "text": "Plain words from a person."}')
    >>> blobs, stats = process_chunk([it], Options())
    >>> json.loads(blobs["scores"])["id"], stats.scored
    ('7', 1)
    """
    from .. import default_detector
    from ..chunked import analyse_batch

    det = default_detector()
    # Parse every record, score the parsed ones in one batch (one model call for the
    # chunk), then format each: one outcome per item, in order.
    parsed: list[Outcome | _Parsed] = []
    for it in items:
        try:
            parsed.append(_parse(it, opts))
        except Exception as exc:  # a reader quirk must not lose the record
            parsed.append(_err(it, "analysis_error", f"{type(exc).__name__}: {exc}"))
    todo = [(it, p) for it, p in zip(items, parsed, strict=True) if isinstance(p, _Parsed)]
    scored = iter(analyse_batch(det, [(p.rid, p.data, p.is_html) for _, p in todo]))
    acc = Accumulator()
    for it, p in zip(items, parsed, strict=True):
        if isinstance(p, _Parsed):
            result, visible = next(scored)
            try:
                if isinstance(result, Exception):
                    raise result
                oc = _outcome(it, opts, p, result, visible)
            except Exception as exc:  # a detector bug must not lose the record
                oc = _err(it, "analysis_error", f"{type(exc).__name__}: {exc}")
        else:
            oc = p
        acc.add(it.input, oc)
    return acc.pack()


@dataclass(slots=True)
class _Parsed:
    """A record ready to score: its id, the data, whether it is HTML, the record
    (for ``--split``) and its text when the record carried it as a string."""

    rid: str
    data: Any
    is_html: bool | None
    rec: dict[str, Any]
    text: str | None


# What a chunk comes back as: {"scores"|"errors"|"kept"|"dropped": text} and the counts.
Packed = tuple[dict[str, str], Stats]


class Accumulator:
    """Collects outcomes into per-file lines and a :class:`Stats` (keyed by input index)."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {"scores": [], "errors": [], "kept": [], "dropped": []}
        self.stats = Stats()

    def add(self, inp: int, oc: Outcome) -> None:
        key = str(inp)
        if oc[0] == "ok":
            _, line, score, label, counts, split_line, dropped = oc
            self.lines["scores"].append(line)
            self.stats.add_scored(score, label, counts, key, dropped)
            if split_line is not None:
                self.lines["dropped" if dropped else "kept"].append(split_line)
        elif oc[0] == "err":
            self.lines["errors"].append(oc[1])
            self.stats.add_error(oc[2], key)
        else:
            self.stats.add_skip(oc[1], key)

    def pack(self) -> Packed:
        return {k: "".join(x + "\n" for x in v) for k, v in self.lines.items() if v}, self.stats


def merge_packs(packs: list[Packed]) -> Packed:
    """One pack from several, in order (used when a chunk is re-scored record by record)."""
    blobs: dict[str, str] = {}
    stats = Stats()
    for b, st in packs:
        for k, v in b.items():
            blobs[k] = blobs.get(k, "") + v
        stats.merge(st)
    return blobs, stats


def _err(it: Item, kind: str, message: str, rec_id: str | None = None) -> Outcome:
    d = it.where()
    if rec_id is not None:
        d["id"] = rec_id
    d["error_kind"] = kind
    d["error"] = message
    return ("err", json.dumps(d, ensure_ascii=False), kind)


def _parse(it: Item, opts: Options) -> Outcome | _Parsed:
    if it.kind == "error":
        return _err(it, it.error_kind or "error", str(it.payload))
    if it.kind == "skip":
        return ("skip", str(it.payload))
    rec: dict[str, Any]
    if it.kind in ("json", "row"):
        if it.kind == "json":
            try:
                line = it.payload.decode("utf-8")
            except UnicodeDecodeError as exc:
                return _err(it, "bad_utf8", f"invalid UTF-8 at byte {exc.start} of the line")
            try:
                rec = json.loads(line)
            except ValueError as exc:
                return _err(it, "malformed_json", f"malformed JSON: {exc}")
            if not isinstance(rec, dict):
                return _err(it, "malformed_json", f"line holds {describe(rec)}, not a JSON object")
        else:
            rec = it.payload
        rid = _id(rec.get(opts.id_field), it)
        data, is_html, problem = _text_of(rec, opts)
        if problem:
            return _err(it, problem[0], problem[1], rid)
        return _Parsed(rid, data, is_html, rec, data)
    if it.kind == "file":
        return _Parsed(it.source, it.payload, it.is_html, {"id": it.source}, None)
    # warc
    meta, data = it.payload
    return _Parsed(meta.get("id") or f"{it.source}#{it.record}", data, it.is_html, dict(meta), None)


def _outcome(it: Item, opts: Options, p: _Parsed, result: Any, visible: str | None) -> Outcome:
    rid, rec, is_html, text = p.rid, p.rec, p.is_html, p.text
    if result.error:
        return _err(it, "unscorable", result.error, rid)
    if text is None and opts.split:
        from ..text.decode import decode_bytes

        text = decode_bytes(p.data)[0]
        rec.setdefault("html" if is_html else "text", text)
    if result.flags and (is_html or text is None):
        # Flag offsets index the decoded text (the visible text for HTML), which the
        # detector already made: no second decode or parse.
        text = visible
    line = _score_line(result, it, text)
    counts: dict[str, int] = {}
    for f in result.flags:
        k = f"{f.family}/{f.type}"
        counts[k] = counts.get(k, 0) + 1
    dropped = result.label in opts.drop_labels
    split_line = None
    if opts.split:
        rec["_spamcheck"] = {
            "score": round(result.score, 6),
            "label": result.label,
            "reasons": _reasons(result) if dropped else [],
            **it.where(),
        }
        split_line = json.dumps(rec, ensure_ascii=False, default=str)
    return ("ok", line, result.score, result.label, counts, split_line, dropped)


def _id(value: Any, it: Item) -> str:
    """The record's own id, else its place: ``path:line`` for a JSONL line, ``path#record`` else.

    >>> _id(None, Item(0, "shards/a.jsonl.gz", 4, 90, "json", b"{}", line=6))
    'shards/a.jsonl.gz:6'
    """
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    # The line is what an editor or `sed -n` opens; blank lines make it differ from the record.
    return f"{it.source}:{it.line}" if it.line is not None else f"{it.source}#{it.record}"


def _text_of(rec: dict[str, Any], opts: Options) -> tuple[Any, bool, tuple[str, str] | None]:
    if opts.html_field and opts.html_field in rec and rec[opts.html_field] is not None:
        v = rec[opts.html_field]
        if not isinstance(v, str):
            return (
                None,
                True,
                ("bad_type", f"field {opts.html_field!r} holds {describe(v)}, not text"),
            )
        return v, True, None
    if opts.text_field not in rec:
        wanted = f"{opts.text_field!r}" + (f" or {opts.html_field!r}" if opts.html_field else "")
        return None, False, ("missing_field", f"no {wanted} field")
    v = rec[opts.text_field]
    if not isinstance(v, str):
        return None, False, ("bad_type", f"field {opts.text_field!r} holds {describe(v)}, not text")
    return v, False, None


def _score_line(result: Any, it: Item, text: str | None) -> str:
    d: dict[str, Any] = {
        "id": result.id,
        **it.where(),
        "score": round(result.score, 6),
        "label": result.label,
        "why": result.why,
        "scores": {k: round(v, 6) for k, v in result.scores.items()},
        "language": result.language,
        "n_flags": len(result.flags),
    }
    if it.kind == "warc":
        d["url"] = it.payload[0].get("url")
    # Strongest first (result.flags' order), like every other view of the evidence.
    d["flags"] = [_flag(f, text) for f in by_strength(result.flags)[:MAX_FLAGS]]
    if result.warnings:
        d["warnings"] = result.warnings
    return json.dumps(d, ensure_ascii=False)


def _flag(f: Any, text: str | None) -> dict[str, Any]:
    ev = (
        f.text
        if len(f.text) <= EVIDENCE_CHARS
        else f.text[: EVIDENCE_CHARS // 2] + " … " + f.text[-EVIDENCE_CHARS // 2 :]
    )
    d = {
        "family": f.family,
        "type": f.type,
        "start": f.start,
        "end": f.end,
        "strength": f.strength,
        "reason": f.reason,
        "text": ev,
    }
    if text is not None:
        d["before"] = text[max(0, f.start - CONTEXT_CHARS) : f.start]
        d["after"] = text[f.end : f.end + CONTEXT_CHARS]
    return d


def _reasons(result: Any) -> list[str]:
    out = [result.why or f"label {result.label} (score {result.score:.3f})"]
    seen: set[str] = set()
    for f in sorted(result.flags, key=lambda f: -f.strength):
        k = f"{f.family}/{f.type}"
        if k not in seen:
            seen.add(k)
            out.append(f"{k}: {f.reason}")
        if len(out) > 5:
            break
    return out
