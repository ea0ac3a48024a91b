"""``spark-submit .../parallax/spark/__main__.py --input URI --output URI``."""

from parallax.spark.job import main

main()
