"""The SparkSession: local mode on loopback by default, the submitted settings under spark-submit."""

from __future__ import annotations

import os
import sys

from pyspark.sql import SparkSession

LOOPBACK = "127.0.0.1"


def under_spark_submit() -> bool:
    """spark-submit starts the driver's Python with a gateway already running."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def spark_session(
    master: str | None = None, shuffle_partitions: int | None = None, app_name: str = "parallax"
) -> SparkSession:
    """A session for the job; ``master`` None means local[*] unless spark-submit chose one."""
    builder = SparkSession.builder.appName(app_name)
    if master or not under_spark_submit():
        master = master or "local[*]"
        builder = builder.master(master)
    if master and master.startswith("local"):
        # Workers are this interpreter; nothing listens beyond loopback, no UI.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.config("spark.driver.host", LOOPBACK)
            .config("spark.driver.bindAddress", LOOPBACK)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.pyspark.python", sys.executable)
        )
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .getOrCreate()
    )
