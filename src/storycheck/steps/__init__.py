"""Pure pipeline stages: ingest -> clean -> segment -> analyse -> report."""
