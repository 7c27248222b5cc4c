"""Benchmark and acceptance run for ``spamcheck batch``.

1. Acceptance on a corpus of real development texts (default 20,000 records, 1% of
   lines broken): records in == scores + errors, every broken line in errors.jsonl,
   and the same after a run SIGKILLed half-way and resumed (byte-identical outputs).
2. Throughput with ``--jobs 1`` and ``--jobs 2`` on that corpus (median of
   ``--repeats``), with the peak memory of the whole process tree.
3. Peak memory on a small and a large input (default 100 MB and 1 GB of JSONL):
   streaming means the large one must not need more.

Peak memory is polled from /proc every 50 ms over the runner and all its
workers: the sum of RSS (counts pages shared after fork once per process, so
it overstates) and the sum of PSS (shared pages split between processes).

    python benchmarks/bench_batch.py                       # everything (about 20-30 min here)
    python benchmarks/bench_batch.py --skip-memory --n 5000
    python benchmarks/bench_batch.py --sizes 50M,500M --json /tmp/bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import make_corpus  # noqa: E402

CMD = [sys.executable, "-m", "spamcheck", "batch", "--quiet"]


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _mem(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process; zeros when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> tuple[float, int] | None:
    """(CPU seconds, minor page faults) of one process from /proc/<pid>/stat; None when gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            s = fh.read()
    except OSError:
        return None
    f = s[s.rindex(")") + 2 :].split()  # fields after the command name: state is f[0]
    return (int(f[11]) + int(f[12])) / _TICK, int(f[7])


def run(args: list[str], *, kill_at: int | None = None, out: Path | None = None) -> dict[str, Any]:
    """Run the batch command, polling the memory and CPU of its process tree."""
    t0 = time.monotonic()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(args, start_new_session=True)
    peak_rss = peak_pss = 0
    killed = False
    # Per-process CPU (last value seen before each process ends: a 50 ms poll misses at
    # most that much of each). The parent's CPU when its first child appears is its
    # start-up (imports, model, detector), the serial part no number of workers shortens.
    last: dict[int, tuple[float, int]] = {}
    startup_cpu: float | None = None
    while proc.poll() is None:
        pids = _tree(proc.pid)
        for p in pids:
            c = _cpu(p)
            if c is not None:
                last[p] = c
        if startup_cpu is None and len(pids) > 1 and proc.pid in last:
            startup_cpu = last[proc.pid][0]
        tot = [_mem(p) for p in pids]
        peak_rss = max(peak_rss, sum(r for r, _ in tot))
        peak_pss = max(peak_pss, sum(p for _, p in tot))
        if kill_at is not None and out is not None:
            try:
                n = json.loads((out / "checkpoint.json").read_text())["stats"]["records_in"]
            except (OSError, ValueError, KeyError):
                n = 0
            if n >= kill_at:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
        time.sleep(0.05)
    rc = proc.wait()
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_total = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    # Children that did work (helpers a library forks for a moment use no CPU).
    workers = [c for p, c in last.items() if p != proc.pid and c[0] > 0.05]
    return {
        "rc": rc,
        "seconds": time.monotonic() - t0,
        # CPU time of the runner and its workers: shows the pool's overhead even on a busy machine
        "cpu_seconds": cpu_total,
        # Split by process. With --jobs 1 there are no workers: everything after start-up
        # is the parent's scoring. The parent's CPU is taken from the whole tree's total
        # minus the workers' (its last /proc sample misses its last 50 ms).
        "startup_cpu_seconds": startup_cpu,
        "parent_cpu_seconds": cpu_total - sum(c for c, _ in workers),
        "workers_cpu_seconds": [c for c, _ in workers],
        "workers_minor_faults": [m for _, m in workers],
        "peak_rss_mb": peak_rss / 1024,
        "peak_pss_mb": peak_pss / 1024,
        "killed": killed,
        "load_avg_1m": os.getloadavg()[0],
    }


def check(out: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    scores = errors = 0
    err_lines: set[int] = set()
    with open(out / "scores.jsonl", encoding="utf-8") as fh:
        for _ in fh:
            scores += 1
    with open(out / "errors.jsonl", encoding="utf-8") as fh:
        for line in fh:
            errors += 1
            err_lines.add(json.loads(line)["line"])
    broken = {b["line"] for b in manifest["broken"]}
    return {
        "lines_in": manifest["lines"],
        "scores": scores,
        "errors": errors,
        "in_equals_out": manifest["lines"] == scores + errors,
        "broken": len(broken),
        "every_broken_line_in_errors": broken <= err_lines,
        "only_broken_lines_in_errors": err_lines == broken,
    }


def cpu_split(r: dict[str, Any], records: int, startup: float) -> dict[str, float]:
    """The parent's serial work after start-up and the scoring CPU of one run.

    ``startup`` is the parent's CPU before it forks its workers (measured on the
    ``--jobs 2`` runs: one process has no fork to mark the end of its start-up, which
    runs the same code). With one job the parent scores: its CPU after start-up is the
    scoring. With workers, the scoring is theirs and what the parent spends after
    start-up (reading, writing, checkpoints, unpickling results) is the serial part
    that runs beside them.
    """
    after = r["parent_cpu_seconds"] - startup
    if r["workers_cpu_seconds"]:
        scoring, serial = sum(r["workers_cpu_seconds"]), after
    else:
        scoring, serial = after, 0.0
    return {
        "scoring_cpu_seconds": scoring,
        "parent_serial_cpu_seconds": serial,
        "scoring_ms_per_record": 1000 * scoring / records,
    }


def same_files(a: Path, b: Path) -> bool:
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in ("scores.jsonl", "errors.jsonl"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/spamcheck-bench", help="where corpora and outputs go")
    ap.add_argument("--n", type=int, default=20000, help="records in the acceptance/throughput corpus")
    ap.add_argument("--repeats", type=int, default=1, help="throughput runs per job count (median)")
    ap.add_argument("--sizes", default="100M,1G", help="two input sizes for the memory comparison")
    ap.add_argument("--mem-jobs", type=int, default=2)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-acceptance", action="store_true")
    ap.add_argument("--json", default=None, help="also write the figures here")
    a = ap.parse_args(argv)
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {"n": a.n}

    corpus = work / f"c{a.n}.jsonl"
    manifest = make_corpus.build(str(corpus), n=a.n, seed=0, broken=0.01)
    print(
        f"corpus {corpus}: {manifest['lines']} lines, {len(manifest['broken'])} broken, "
        f"{corpus.stat().st_size / 1e6:.1f} MB",
        flush=True,
    )

    thr: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for rep in range(a.repeats):
        for jobs in (1, 2):
            out = work / f"thr-j{jobs}-{rep}"
            r = run([*CMD, str(corpus), "--out", str(out), "--jobs", str(jobs), "--overwrite"])
            r["records_per_s"] = manifest["lines"] / r["seconds"]
            r.update(check(out, manifest))
            thr[jobs].append(r)
            print(
                f"jobs={jobs}: {r['records_per_s']:.0f} records/s ({r['seconds']:.1f} s), "
                f"CPU {r['cpu_seconds']:.1f} s (workers {sum(r['workers_cpu_seconds']):.1f}), "
                f"peak RSS {r['peak_rss_mb']:.0f} MB, "
                f"PSS {r['peak_pss_mb']:.0f} MB, rc {r['rc']}, load {r['load_avg_1m']:.1f}",
                flush=True,
            )
    med = {j: statistics.median(x["records_per_s"] for x in v) for j, v in thr.items()}
    # Records per CPU second of the whole process tree: the pool's own cost (forking,
    # pickling chunks, the parent's writing) shows here even when the machine is too
    # busy for the wall clock to show the speed-up; 1.0 means the split wastes nothing.
    cpu = {j: statistics.median(manifest["lines"] / x["cpu_seconds"] for x in v) for j, v in thr.items()}
    # What two free cores would give, from CPU seconds (which the load on a shared machine
    # distorts far less than the wall clock): start-up is serial, the workers split the
    # scoring, and the parent's own work after start-up runs beside them.
    su = statistics.median(x["startup_cpu_seconds"] or 0.0 for x in thr[2])
    for v in thr.values():
        for x in v:
            x.update(cpu_split(x, manifest["lines"], su))
    s1 = statistics.median(x["scoring_cpu_seconds"] for x in thr[1])
    s2 = statistics.median(x["scoring_cpu_seconds"] for x in thr[2])
    p2 = statistics.median(x["parent_serial_cpu_seconds"] for x in thr[2])
    projected = (su + s1) / (su + max(s2 / 2, p2))
    res["cpu_accounting"] = {
        "startup_cpu_s": su,
        "jobs1_scoring_ms_per_record": 1000 * s1 / manifest["lines"],
        "jobs2_workers_ms_per_record": 1000 * s2 / manifest["lines"],
        "jobs2_parent_after_startup_cpu_s": p2,
        "projected_speedup_2_free_cores": projected,
    }
    print(
        f"CPU accounting (medians): start-up {su:.1f} s; scoring {1000 * s1 / manifest['lines']:.2f} "
        f"ms/record with 1 job, {1000 * s2 / manifest['lines']:.2f} with 2 workers; parent after "
        f"start-up with 2 workers {p2:.1f} s; projected speed-up on 2 free cores {projected:.2f}x",
        flush=True,
    )
    res["throughput"] = {
        "jobs1_records_per_s": med[1],
        "jobs2_records_per_s": med[2],
        "speedup_2_vs_1": med[2] / med[1],
        "jobs1_records_per_cpu_s": cpu[1],
        "jobs2_records_per_cpu_s": cpu[2],
        "cpu_efficiency_2_vs_1": cpu[2] / cpu[1],
        "runs": thr,
    }
    print(
        f"throughput median: jobs1 {med[1]:.0f}/s, jobs2 {med[2]:.0f}/s, ratio {med[2] / med[1]:.2f}x; "
        f"per CPU second jobs1 {cpu[1]:.0f}, jobs2 {cpu[2]:.0f} ({cpu[2] / cpu[1]:.2f}x: the ceiling "
        f"on 2 free cores is 2x this)",
        flush=True,
    )

    if not a.skip_acceptance:
        acc = check(work / "thr-j2-0", manifest)
        out = work / "killed"
        killed = run(
            [*CMD, str(corpus), "--out", str(out), "--jobs", "2", "--overwrite"], kill_at=a.n // 2, out=out
        )
        ck = json.loads((out / "checkpoint.json").read_text())
        resumed = run([*CMD, str(corpus), "--out", str(out), "--jobs", "2", "--resume"])
        acc_k = check(out, manifest)
        acc_k.update(
            {
                "killed": killed["killed"],
                "committed_at_kill": ck["stats"]["records_in"],
                "resume_rc": resumed["rc"],
                "identical_to_uninterrupted": same_files(out, work / "thr-j2-0"),
            }
        )
        res["acceptance"] = {"uninterrupted": acc, "killed_and_resumed": acc_k}
        print(f"acceptance: {json.dumps(acc)}", flush=True)
        print(f"after SIGKILL + --resume: {json.dumps(acc_k)}", flush=True)

    if not a.skip_memory:
        mem = {}
        for size in a.sizes.split(","):
            src = work / f"m{size}.jsonl"
            if not src.exists():
                make_corpus.build(
                    str(src), n=None, seed=0, broken=0, target_bytes=make_corpus.parse_size(size)
                )
            r = run(
                [*CMD, str(src), "--out", str(work / f"mem-{size}"), "--jobs", str(a.mem_jobs), "--overwrite"]
            )
            r["input_mb"] = src.stat().st_size / 1e6
            summ = json.loads((work / f"mem-{size}" / "summary.json").read_text())
            r["records"] = summ["records_in"]
            r["records_per_s"] = summ["records_in"] / r["seconds"]
            mem[size] = r
            print(
                f"memory {size}: {r['input_mb']:.0f} MB input, {r['records']} records, {r['seconds']:.0f} s, "
                f"peak RSS {r['peak_rss_mb']:.0f} MB, PSS {r['peak_pss_mb']:.0f} MB",
                flush=True,
            )
        small, large = (mem[s] for s in a.sizes.split(","))
        res["memory"] = {
            "runs": mem,
            "rss_ratio_large_vs_small": large["peak_rss_mb"] / small["peak_rss_mb"],
            "pss_ratio_large_vs_small": large["peak_pss_mb"] / small["peak_pss_mb"],
        }
        print(
            f"peak memory large/small: RSS {res['memory']['rss_ratio_large_vs_small']:.2f}x, "
            f"PSS {res['memory']['pss_ratio_large_vs_small']:.2f}x",
            flush=True,
        )
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
