"""Ingest past one machine: a Spark job (``job``) whose executors run the
single-machine ingest's own functions (``tasks``).  Needs the ``[spark]`` extra
and Java 17+; nothing else in storycheck imports pyspark.  See docs/scale.md."""
