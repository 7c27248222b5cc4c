"""Write a saved model's ``model.npz`` (its parameters as plain arrays) and the card's ``runtime`` entry.

:meth:`spamcheck.model.classifier.SpamModel.save` writes both files when a model is trained;
this script adds the array file to a model directory saved before that (the shipped
``models/default``), from its verified ``model.joblib``, byte for byte what ``save`` writes
for the same parts. Scoring then reads the arrays and never imports scikit-learn.

Run from the repository root::

    PYTHONPATH=src:. python -m training.export_runtime            # models/default
    PYTHONPATH=src:. python -m training.export_runtime --check    # exit 1 if the file is stale
    PYTHONPATH=src:. python -m training.export_runtime models/html_blocks   # the block classifier

The block classifier (``models/html_blocks``, written by ``training/html_train.py`` as a joblib
bundle of numpy arrays) gets the same: its arrays in ``model.npz``, read without joblib.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spamcheck.artifacts import CARD_FILE
from spamcheck.model.classifier import MODEL_FILE, load_model
from spamcheck.model.runtime import RUNTIME_FILE, export_arrays, npz_bytes, runtime_entry

REPO = Path(__file__).resolve().parents[1]


def runtime_blob(model_dir: Path) -> bytes:
    """The ``model.npz`` bytes of the directory's pickle (loaded after its sha256 check)."""
    model = load_model(model_dir, estimator=True)
    return npz_bytes(export_arrays(model.parts))


def html_blocks_blob(model_dir: Path) -> bytes:
    """The block classifier's ``model.npz``: its joblib bundle's arrays (``trees/<name>``,
    ``trees2/<name>``, ``threshold``), which ``html/block_model.py`` reads without joblib."""
    import io

    import joblib
    import numpy as np

    from spamcheck.artifacts import read_verified

    got = read_verified(model_dir, MODEL_FILE)
    if got is None:
        raise SystemExit(f"{model_dir}: no card")
    bundle = joblib.load(io.BytesIO(got[1]))
    arrays = {"threshold": np.asarray(bundle["threshold"], dtype=np.float64)}
    for stage in ("trees", "trees2"):
        for name, value in bundle.get(stage, {}).items():
            arrays[f"{stage}/{name}"] = np.asarray(value)
    return npz_bytes(arrays)


def export(model_dir: Path, *, check: bool = False) -> bool:
    """Write (or with ``check``, compare) ``model.npz`` and the card's ``runtime`` entry.

    Returns True when the files on disk are (now) what the pickle gives.
    """
    card_path = model_dir / CARD_FILE
    card = json.loads(card_path.read_text(encoding="utf-8"))
    # The card says which kind of model the directory holds, whatever the directory is called
    # (html_train writes to any --out).
    blob = html_blocks_blob(model_dir) if card.get("name") == "html_blocks" else runtime_blob(model_dir)
    entry = runtime_entry(blob)
    npz = model_dir / RUNTIME_FILE
    fresh = card.get("runtime") == entry and npz.is_file() and npz.read_bytes() == blob
    if check or fresh:
        return fresh
    npz.write_bytes(blob)
    card["runtime"] = entry
    card_path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"{npz}: {len(blob)} bytes, sha256 {entry['sha256']}; {card_path} updated")
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir", nargs="?", default=str(REPO / "models" / "default"),
                    help=f"a directory with {MODEL_FILE} and {CARD_FILE} (default: models/default)")
    ap.add_argument("--check", action="store_true", help="only say whether model.npz is up to date")
    args = ap.parse_args(argv)
    ok = export(Path(args.model_dir), check=args.check)
    if args.check:
        print("up to date" if ok else "stale: run python -m training.export_runtime")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
