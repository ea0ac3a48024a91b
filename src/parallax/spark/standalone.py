"""A Spark standalone cluster on this machine's loopback, and jobs submitted to it.

What a user with a cluster runs, in small: a master and workers in their own JVMs
(started with pyspark's own ``spark-class``), executors in separate processes that
start their own Python workers, and the job handed over by ``spark-submit --master
spark://...``. The tests and ``bench/spark.py`` use it to prove the job there, not
only in local mode. Everything listens on 127.0.0.1 and is stopped on exit.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pyspark

from parallax.spark.session import LOOPBACK

JOB = Path(__file__).with_name("__main__.py")
START_TIMEOUT = 120.0  # seconds for the master and every worker to be up
STOP_TIMEOUT = 30.0  # seconds a daemon gets to shut down before it is killed
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# What the master and workers read (their SPARK_CONF_DIR is the cluster's folder): no
# REST submission port, spark-submit talks to the master over RPC.
DAEMON_SETTINGS = {"spark.master.rest.enabled": "false"}


class ClusterError(Exception):
    """The cluster could not start; the message says which process and shows its log."""


def spark_home() -> Path:
    """``SPARK_HOME`` if set, else the Spark that the pyspark package ships."""
    return Path(os.environ.get("SPARK_HOME") or Path(pyspark.__file__).parent)


def java_missing() -> str | None:
    """Why no cluster can start here, or None."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "Spark needs Java 17 (no `java` on PATH and no JAVA_HOME)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running standalone cluster: its master URL, and where its logs go."""

    master: str
    ui: str
    folder: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def submit(
        self, args: Sequence[str], *, conf: Mapping[str, str] | None = None, log: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``spark-submit`` the parallax job (``args`` are its options) in client mode: the
        driver runs here, the executors on the workers. Executors run this interpreter,
        as they would run a packed venv's ``./env/bin/python`` on a real cluster. Spark's
        log goes to ``log``; the job's own lines are the result's ``stdout``."""
        settings = {
            "spark.driver.host": LOOPBACK,
            "spark.driver.bindAddress": LOOPBACK,
            "spark.ui.enabled": "false",
            "spark.pyspark.python": sys.executable,
            "spark.pyspark.driver.python": sys.executable,
            "spark.executor.memory": "1g",
            **(conf or {}),
        }
        command = [str(spark_home() / "bin" / "spark-submit"), "--master", self.master]
        for key, value in settings.items():
            command += ["--conf", f"{key}={value}"]
        with (log or self.folder / "submit.log").open("wb") as stderr:
            return subprocess.run(
                [*command, str(JOB), *args],
                stdout=subprocess.PIPE,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                env=_environment(self.folder),
                text=True,
                check=False,
                preexec_fn=_die_with_parent,
            )

    def state(self) -> dict[str, Any]:
        """The master's view (its UI's JSON): workers, running and completed applications."""
        with urllib.request.urlopen(f"{self.ui}/json/", timeout=5) as response:
            return cast(dict[str, Any], json.load(response))

    def alive_workers(self) -> int:
        return sum(1 for worker in self.state()["workers"] if worker["state"] == "ALIVE")

    def log_tail(self, name: str = "submit") -> str:
        """The end of a process's log (``submit``, ``master``, ``worker-0``...), to show
        why something failed."""
        path = self.folder / f"{name}.log"
        if not path.exists():
            return f"(no {name} log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-30:])


@contextmanager
def standalone_cluster(
    folder: Path, workers: int = 2, cores: int = 1, memory: str = "1g"
) -> Iterator[Cluster]:
    """Start a master and ``workers`` workers of ``cores`` cores each; always stop them."""
    if reason := java_missing():
        raise ClusterError(reason)
    folder.mkdir(parents=True, exist_ok=True)
    defaults = "".join(f"{key} {value}\n" for key, value in DAEMON_SETTINGS.items())
    (folder / "spark-defaults.conf").write_text(defaults)
    port, ui_port = free_port(), free_port()
    cluster = Cluster(f"spark://{LOOPBACK}:{port}", f"http://{LOOPBACK}:{ui_port}", folder)
    try:
        _daemon(
            cluster, "master", "master.Master", "--port", str(port), "--webui-port", str(ui_port)
        )
        _wait(cluster, 0)
        for n in range(workers):
            _daemon(
                cluster,
                f"worker-{n}",
                "worker.Worker",
                cluster.master,
                *("--cores", str(cores), "--memory", memory, "--webui-port", "0"),
                *("--work-dir", str(folder / f"worker-{n}")),
            )
        _wait(cluster, workers)
        yield cluster
    finally:
        stop(cluster)


def _daemon(cluster: Cluster, name: str, main: str, *args: str) -> None:
    """``spark-class`` execs the JVM, so the process started is the daemon itself."""
    with (cluster.folder / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(
            [
                str(spark_home() / "bin" / "spark-class"),
                f"org.apache.spark.deploy.{main}",
                *args,
                *("--host", LOOPBACK),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_environment(cluster.folder),
            start_new_session=True,  # its own process group: killed with its children
            preexec_fn=_die_with_parent,
        )
    cluster.processes[name] = process


def _wait(cluster: Cluster, workers: int) -> None:
    """Until the master's UI answers and lists ``workers`` live workers."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for name, process in cluster.processes.items():
            if process.poll() is not None:
                raise ClusterError(f"the Spark {name} exited:\n{cluster.log_tail(name)}")
        with suppress(OSError, ValueError):
            if cluster.alive_workers() >= workers:
                return
        time.sleep(0.5)
    raise ClusterError(
        f"the Spark cluster was not up after {START_TIMEOUT:.0f} s:\n" + cluster.log_tail("master")
    )


def stop(cluster: Cluster) -> None:
    """Workers first (they stop their executors), then the master; killed if they linger."""
    for process in reversed(cluster.processes.values()):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    cluster.processes.clear()


def _die_with_parent() -> None:
    """Should this Python process die before it stops the cluster (killed by a timeout,
    say), the daemon gets SIGTERM from the kernel; spark-class execs the JVM, which keeps it."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _environment(folder: Path) -> dict[str, str]:
    """Every Spark process binds to loopback and reads no configuration but ours."""
    return {
        **os.environ,
        "SPARK_HOME": str(spark_home()),
        "SPARK_CONF_DIR": str(folder),
        "SPARK_LOCAL_IP": LOOPBACK,
        "PYSPARK_PYTHON": sys.executable,
    }
