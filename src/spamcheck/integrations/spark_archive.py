"""Ship spamcheck to Spark executors that do not have it installed (``spark.archives``).

:func:`build_archive` packs the importable ``spamcheck`` package with its
lexicons and trained models, laid out as the wheel installs them
(``spamcheck/`` + ``spamcheck/_models/``), into a ``.tar.gz``. Spark unpacks
an archive listed in ``spark.archives`` into every executor's working
directory as real files, so the models are opened from disk exactly as in an
installed copy (``--py-files`` puts a zip on ``sys.path`` instead, which the
model loaders do not read the same way). :func:`archive_conf` gives the two
settings that put the unpacked folder on the Python workers' ``sys.path``.

The executors' Python still needs spamcheck's dependencies (numpy,
scikit-learn, lxml, beautifulsoup4, joblib, and pandas + pyarrow for the
pandas UDF); see ``docs/spark.md``. ``tests/test_spark_cluster.py`` runs this
recipe on a standalone cluster whose executors' Python has no spamcheck.

Command line::

    python -m spamcheck.integrations.spark_archive spamcheck_pkg.tar.gz
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

ARCHIVE_NAME = "spamcheck_pkg"  # the folder the archive is unpacked into on each executor


def _package_dirs() -> tuple[Path, Path]:
    """The package's source folder and the folder holding its trained models."""
    import spamcheck

    pkg = Path(spamcheck.__file__).resolve().parent
    # An installed wheel has spamcheck/_models; a source checkout (or an editable
    # install, which points at it) keeps them in <repo>/models.
    for models in (pkg / "_models", pkg.parents[1] / "models"):
        if (models / "default" / "card.json").is_file():
            return pkg, models
    raise FileNotFoundError(f"no trained models next to {pkg} (looked in _models/ and ../../models/)")


def _skip(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    name = info.name.rsplit("/", 1)[-1]
    if name == "__pycache__" or name.endswith((".pyc", ".pyo")):
        return None
    info.uid = info.gid = 0  # reproducible, owner-neutral archives
    info.uname = info.gname = ""
    return info


def build_archive(out: str | Path) -> Path:
    """Write ``out`` (``.tar.gz``): ``spamcheck/`` with ``spamcheck/_models/``, as a wheel installs it.

    Parameters
    ----------
    out
        The archive to write (overwritten).

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> import tarfile, tempfile, os
    >>> p = build_archive(os.path.join(tempfile.mkdtemp(), "pkg.tar.gz"))
    >>> names = tarfile.open(p).getnames()
    >>> "spamcheck/__init__.py" in names and "spamcheck/_models/default/card.json" in names
    True
    """
    pkg, models = _package_dirs()
    out = Path(out)
    with tarfile.open(out, "w:gz") as tar:
        for child in sorted(pkg.iterdir()):
            if child.name == "_models":
                continue  # added below from wherever the models really are
            tar.add(child, arcname=f"spamcheck/{child.name}", filter=_skip)
        tar.add(models, arcname="spamcheck/_models", filter=_skip)
    return out


def archive_conf(archive: str | Path, name: str = ARCHIVE_NAME) -> dict[str, str]:
    """Spark settings that ship ``archive`` and put its unpacked folder on the workers' ``sys.path``.

    Python workers run in the executor's working directory, where Spark unpacks
    ``spark.archives`` entries under their ``#name``; ``spark.executorEnv.PYTHONPATH``
    reaches the Python workers' environment.

    >>> archive_conf("/tmp/spamcheck_pkg.tar.gz")["spark.executorEnv.PYTHONPATH"]
    './spamcheck_pkg'
    """
    return {
        "spark.archives": f"{archive}#{name}",
        "spark.executorEnv.PYTHONPATH": f"./{name}",
    }


if __name__ == "__main__":  # pragma: no cover - exercised through the test's subprocess
    if len(sys.argv) != 2:
        sys.exit("usage: python -m spamcheck.integrations.spark_archive OUT.tar.gz")
    print(build_archive(sys.argv[1]))
