"""Claim statuses as the pages name them."""
STATUSES = ("corroborated", "disputed", "single-source")

STATUS_LABELS = {"corroborated": "established", "disputed": "disputed",
                 "single-source": "single-source"}
