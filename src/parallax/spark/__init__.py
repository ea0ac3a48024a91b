"""Spark: the same pipeline stages, run over archives too big for one machine.

The per-document work (read, clean, annotate) runs on the executors; story
assignment runs the stories stage's incremental ``Clusterer`` on the driver in input
order, so the result is the single-machine pipeline's. See docs/spark.md.
"""

from parallax.spark.job import JobReport, run_job
from parallax.spark.load import LoadReport, load_output

__all__ = ["JobReport", "LoadReport", "load_output", "run_job"]
