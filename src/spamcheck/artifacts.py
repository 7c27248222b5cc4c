"""Shipped model artifacts: where they live and how a file is vouched for (one loader for all).

Every trained artifact spamcheck ships (``default``: the document model,
``html_blocks``: the block classifier, ``completeness``: sentence completeness,
``cuts``: cut points)
is a folder holding a ``card.json`` and one model file whose sha256 the card
records. They are looked up in the installed package first (``spamcheck/_models/<name>``,
also inside a zip on ``sys.path`` such as Spark's ``--py-files``), then in the
source checkout (``<repo>/models/<name>``).

A model file is only used when its bytes hash to the card's sha256: a joblib
file is a pickle (loading it runs code), and even a plain array file that
changed would silently change what the detectors flag.

>>> [d.name for d in artifact_dirs("completeness")][-1]
'completeness'
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # a Path, or a zipfile.Path inside a zipped package
    from collections.abc import Callable
    from importlib.resources.abc import Traversable

_T = TypeVar("_T")

CARD_FILE = "card.json"
ARTIFACTS = ("default", "html_blocks", "completeness", "cuts")


class ArtifactError(Exception):
    """A shipped artifact that is present but cannot be used (unreadable card, altered file)."""


def artifact_dirs(name: str) -> list[Traversable]:
    """The places artifact ``name`` may be, in the order they are tried.

    Parameters
    ----------
    name : str
        One of :data:`ARTIFACTS`.

    Returns
    -------
    list
        The installed package's ``_models/<name>``, then the checkout's ``models/<name>``.
    """
    if name not in ARTIFACTS:
        raise ValueError(f"unknown artifact {name!r}; known: {', '.join(ARTIFACTS)}")
    dirs: list[Traversable] = []
    with contextlib.suppress(ModuleNotFoundError, TypeError):
        dirs.append(resources.files("spamcheck") / "_models" / name)
    dirs.append(Path(__file__).resolve().parents[2] / "models" / name)
    return dirs


def read_bytes(res: Traversable) -> bytes:
    """The bytes of a file that may sit inside a zip (``as_file`` extracts it to a temp file)."""
    with resources.as_file(res) as p:
        return Path(p).read_bytes()


def read_card(d: Traversable) -> dict[str, Any] | None:
    """``d/card.json`` as a dict; None when there is no card (no artifact here).

    Raises
    ------
    ArtifactError
        The card exists but is not a readable JSON object.

    >>> read_card(Path("/nonexistent")) is None
    True
    """
    card_path = d / CARD_FILE
    try:
        if not card_path.is_file():
            return None
        card = json.loads(read_bytes(card_path).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"{card_path}: unreadable card ({exc})") from exc
    if not isinstance(card, dict):
        raise ArtifactError(f"{card_path}: not a JSON object")
    return card


def sha256_hex(data: bytes | Path) -> str:
    """Hex sha256 of bytes, or of a file read in 1 MB blocks.

    >>> sha256_hex(b"")[:12]
    'e3b0c44298fc'
    """
    if isinstance(data, bytes | bytearray):
        return hashlib.sha256(data).hexdigest()
    h = hashlib.sha256()
    with open(data, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_verified(
    d: Traversable, default_file: str, section: str | None = None
) -> tuple[dict[str, Any], bytes] | None:
    """The card and the model file's bytes of the artifact in ``d``, after the sha256 check.

    Parameters
    ----------
    d : Traversable
        An artifact folder (see :func:`artifact_dirs`).
    default_file : str
        The model file's name when the card does not say (``card["file"]``).
    section : str, optional
        Read the file's name and sha256 from ``card[section]`` instead of the card's top
        level: a second file of the same artifact (the default model's ``runtime`` arrays).

    Returns
    -------
    (dict, bytes) or None
        None when ``d`` holds no card (nothing shipped there).

    Raises
    ------
    ArtifactError
        The card is unreadable, the model file is missing, or its sha256 differs from the card's.
    """
    card = read_card(d)
    if card is None:
        return None
    entry = card if section is None else card.get(section)
    if not isinstance(entry, dict):
        raise ArtifactError(f"{d / CARD_FILE}: no {section!r} entry")
    name = entry.get("file", default_file)
    if not isinstance(name, str):
        raise ArtifactError(f"{d / CARD_FILE}: 'file' is not a file name")
    try:
        blob = read_bytes(d / name)
    except OSError as exc:
        raise ArtifactError(f"{d / name}: unreadable ({exc})") from exc
    if sha256_hex(blob) != entry.get("sha256"):
        raise ArtifactError(f"{d / name}: sha256 does not match {CARD_FILE}; not loaded")
    return card, blob


def read_verified_or_note(
    d: Traversable, default_file: str, problems: list[str]
) -> tuple[dict[str, Any], bytes] | None:
    """:func:`read_verified` for loaders that fall back instead of failing.

    An unusable artifact (unreadable card, missing file, sha256 mismatch) gives None with the
    reason appended to ``problems``, which the caller turns into its warning.

    >>> notes: list[str] = []
    >>> read_verified_or_note(Path("/nonexistent"), "model.npz", notes), notes
    (None, [])
    """
    return _noting(read_verified, d, default_file, problems)


def _noting(
    read: Callable[[Traversable, str], _T | None], d: Traversable, default_file: str, problems: list[str]
) -> _T | None:
    """``read(d, default_file)``, or None with the :class:`ArtifactError`'s reason in ``problems``."""
    try:
        return read(d, default_file)
    except ArtifactError as exc:
        problems.append(str(exc))
        return None


def read_npz_or_note(
    d: Traversable, default_file: str, problems: list[str], section: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The card and the arrays of a verified numpy archive (read with ``allow_pickle=False``).

    None, with the reason appended to ``problems``, when the artifact is unusable or the
    archive cannot be read; the caller still checks the arrays it needs are there.
    ``section`` as in :func:`read_verified`.
    """
    return _noting(lambda dd, name: read_npz(dd, name, section), d, default_file, problems)


def read_card_or_note(d: Traversable, problems: list[str]) -> dict[str, Any] | None:
    """:func:`read_card`, or None with the reason in ``problems`` when the card is unreadable.

    >>> read_card_or_note(Path("/nonexistent"), [])
    """
    return _noting(lambda dd, _file: read_card(dd), d, CARD_FILE, problems)


def read_npz(
    d: Traversable, default_file: str, section: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The card and the arrays of a verified numpy archive (read with ``allow_pickle=False``).

    ``section`` as in :func:`read_verified`. None when ``d`` holds no card.

    Raises
    ------
    ArtifactError
        The artifact is unusable (see :func:`read_verified`) or the archive cannot be read.
    """
    got = read_verified(d, default_file, section)
    if got is None:
        return None
    card, blob = got
    import io

    import numpy as np

    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as z:
            return card, {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"{d}: cannot load ({type(exc).__name__}: {exc})") from exc
