"""spamcheck on a real standalone Spark cluster started here, shipped as docs/spark.md says.

The test starts a master and a worker as separate JVM processes (all ports on
127.0.0.1), packs spamcheck with ``python -m spamcheck.integrations.spark_archive``
and ships it with ``spark.archives`` (docs/spark.md, "How the model gets to the
workers", recipe 1). The executors' Python is a fresh virtualenv that can import
spamcheck's dependencies but NOT spamcheck itself, and the master and worker run
without this process's PYTHONPATH, so the only spamcheck the executors can use
is the shipped one (a test asserts where it was imported from). Real rows (the
repository's fixtures) are scored on the cluster and compared with scoring here.

Skips only when pyspark/pyarrow/pandas or Java are missing (CI installs both).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import site
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

import spamcheck
from spamcheck.integrations.spark import score_dataframe
from spamcheck.integrations.spark_archive import ARCHIVE_NAME, archive_conf

REPO = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="no java (scripts/dev-setup installs it)"),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_class() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def cluster_env(tmp: Path) -> dict[str, str]:
    """The master's and worker's environment: no PYTHONPATH/PYSPARK_* leaking this process's spamcheck."""
    import pyspark

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYSPARK_PYTHON", "VIRTUAL_ENV")}
    env.update(
        SPARK_HOME=str(Path(pyspark.__file__).parent),
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_LOG_DIR=str(tmp / "logs"),
        SPARK_WORKER_DIR=str(tmp / "work"),
        SPARK_NO_DAEMONIZE="1",
    )
    return env


def wait_for(log: Path, needle: str, proc: subprocess.Popen, timeout: float = 150) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        text = log.read_text(errors="replace") if log.exists() else ""
        if needle in text:
            return
        if proc.poll() is not None:
            raise AssertionError(f"process exited ({proc.returncode}):\n{text[-3000:]}")
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} not seen in {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


def launch(env: dict[str, str], log: Path, cls: str, *args: object) -> subprocess.Popen:
    """``spark-class CLS ARGS`` in its own process group (so stop() also ends its children)."""
    cmd = [str(spark_class()), cls, *map(str, args)]
    with log.open("wb") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    """Stop a process the test started, and its children (executors, Python workers): its own group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@dataclass
class Cluster:
    url: str
    dir: Path
    procs: list[subprocess.Popen]

    def wait_ready(self) -> None:
        """Block until the master is up and the worker has registered with it."""
        master, worker = self.procs
        wait_for(self.dir / "master.log", "I have been elected leader", master)
        wait_for(self.dir / "worker.log", "Successfully registered with master", worker)


@pytest.fixture(scope="module")
def executor_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv whose Python sees this environment's packages but not spamcheck."""
    d = tmp_path_factory.mktemp("execvenv") / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(d)], check=True, timeout=120)
    py = d / "bin" / "python"
    target = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", "")},
    ).stdout.strip()
    # A path line in a .pth file only adds that folder to sys.path; the .pth files
    # inside it (such as an editable install's pointer to the source tree) are not run.
    Path(target, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    clean = {"PATH": os.environ.get("PATH", "")}
    probe = (
        "import importlib.util as u, numpy, sklearn, lxml, bs4, joblib, pandas, pyarrow\n"
        "print(u.find_spec('spamcheck.detector') if u.find_spec('spamcheck') else None)"
    )
    got = subprocess.run([str(py), "-c", probe], env=clean, capture_output=True, text=True, timeout=180)
    assert got.returncode == 0, got.stderr  # the dependencies are there ...
    assert got.stdout.strip() == "None", "... but the executors' Python must not have spamcheck of its own"
    return py


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A master and a worker, started together (the worker retries until the master is up).

    One core: a single Python worker builds the detector once, which keeps the test's
    CPU time down on a shared machine; shipping and scoring do not depend on the count.
    """
    tmp = tmp_path_factory.mktemp("standalone")
    env = cluster_env(tmp)
    port, ui = free_port(), free_port()
    url = f"spark://127.0.0.1:{port}"
    mlog, wlog = tmp / "master.log", tmp / "worker.log"
    procs: list[subprocess.Popen] = []
    try:
        master = "org.apache.spark.deploy.master.Master"
        procs.append(launch(env, mlog, master, "--host", "127.0.0.1", "--port", port, "--webui-port", ui))
        worker = "org.apache.spark.deploy.worker.Worker"
        procs.append(
            launch(
                *(env, wlog, worker, url, "--host", "127.0.0.1", "--port", free_port()),
                *("--webui-port", free_port(), "--cores", 1, "--memory", "2g", "--work-dir", tmp / "work"),
            )
        )
        yield Cluster(url, tmp, procs)
    finally:
        for p in reversed(procs):
            stop(p)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive, built with the command docs/spark.md gives."""
    out = tmp_path_factory.mktemp("ship") / f"{ARCHIVE_NAME}.tar.gz"
    cmd = [sys.executable, "-m", "spamcheck.integrations.spark_archive", str(out)]
    subprocess.run(cmd, check=True, timeout=120)
    return out


@pytest.fixture(scope="module")
def spark(cluster: Cluster, executor_python: Path, archive: Path):  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    cluster.wait_ready()  # the JVMs booted while the virtualenv and the archive were built
    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "SPARK_LOCAL_IP")}
    os.environ["PYSPARK_PYTHON"] = str(executor_python)  # what the executors run (docs/spark.md)
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    builder = (
        SparkSession.builder.master(cluster.url)
        .appName("spamcheck-standalone-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.memory", "1g")
        .config("spark.cores.max", "1")
        .config("spark.task.maxFailures", "1")  # a broken shipment fails at once, not after 4 tries
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "50")
    )
    for k, v in archive_conf(archive).items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def rows() -> list[tuple[str, str]]:
    recs = [json.loads(x) for x in (REPO / "fixtures" / "labeled_small.jsonl").read_text().splitlines()]
    seed = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
    return [(r["id"], r["text"]) for r in recs] + [(seed.name, seed.read_text(encoding="utf-8"))]


def test_executors_use_the_shipped_package(spark, executor_python: Path) -> None:  # type: ignore[no-untyped-def]
    def where(_: object) -> list[str]:  # nested, so it is pickled by value (no import of tests/)
        import sys as _sys

        import spamcheck as sc

        return [sc.__file__, _sys.executable]

    got = spark.sparkContext.parallelize(range(4), 2).map(where).collect()
    for file, exe in got:
        assert f"/{ARCHIVE_NAME}/spamcheck/__init__.py" in file, file
        assert Path(file).parent != Path(spamcheck.__file__).parent
        assert Path(exe).parent == executor_python.parent


def test_cluster_scores_equal_local_scores(spark) -> None:  # type: ignore[no-untyped-def]
    data = rows()
    df = spark.createDataFrame(spark.sparkContext.parallelize(data, 4), "id string, text string")
    out = {r["id"]: r for r in score_dataframe(df, text_col="text", id_col="id").collect()}
    assert len(out) == len(data)
    det = spamcheck.default_detector()
    labels = set()
    for doc_id, text in data:
        want, got = det.score(text), out[doc_id]
        assert got["spamcheck_error"] is None
        assert math.isclose(got["spamcheck_score"], want.score, abs_tol=1e-9), doc_id
        assert got["spamcheck_label"] == want.label
        assert [(f["family"], f["type"], f["start"], f["end"]) for f in got["spamcheck_flags"]] == [
            (f.family, f.type, f.start, f.end) for f in want.flags
        ]
        labels.add(want.label)
    assert len(labels) >= 2  # the sample is not all one verdict
    # the shipped model was used on the executors, not the rule fallback
    assert out["000_45702f146cbaefe0.txt"]["spamcheck_label"] == "spam"
