"""All tunable options, each defined once, with its help text.

``SETTINGS`` is derived from the dataclass, so the CLI's ``--help-settings``
and the docs test can loop over it and never drift from the code.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .options import Setting, option
from .grouping.config import ANALYSIS_WINDOW_DAYS, GroupingConfig, analysis_config


@dataclass(frozen=True)
class Settings:
    max_file_bytes: int = option(
        20_000_000, "Inputs (files, and pages or feeds downloaded from a URL) larger than this "
                    "many bytes are skipped; a download stops as soon as it passes the cap")
    max_document_chars: int = option(
        1_000_000, "Documents whose cleaned text is longer than this many characters are not "
                   "analysed (skipped with the reason): no news report is that long, and the "
                   "parser would take minutes on it (spaCy's own default limit)")
    min_sources: int = option(2, "Independent sources needed to call a claim corroborated")
    align_threshold: float = option(
        0.0, "Probability (0-1) from the pair judge at or above which two claims are one "
             "proposition; 0 takes the judge's calibrated threshold (TF-IDF cosine 0.3 when "
             "use_embeddings is off)")
    stated_within_threshold: float = option(
        0.4, "P (0-1) from the support model that a passage states all of a claim group's "
             "claim among other things, at or above which it also supports that group (1 or "
             "more: off; needs use_embeddings)")
    copy_threshold: float = option(
        0.8, "Shingle containment (0-1) above which a document is a copy of another")
    passage_copy_threshold: float = option(
        0.85, "Similarity (0-1) above which a sentence is copied from another document")
    max_candidates: int = option(
        50, "Candidate claims compared with each claim during alignment (blocking)")
    n_process: int = option(
        0, "Processes for the NLP model; 0 picks one per CPU for large batches")
    group_stories: bool = option(
        True, "Group the documents of one analysis into stories (off: all form one story)")
    group_threshold: float = option(
        0.0, "Score an article needs against a story to join it (higher: more, smaller "
        "stories); 0 takes the learned threshold, which balances the two on gv-dev and ECB+")
    group_window_days: float = option(
        ANALYSIS_WINDOW_DAYS,
        "Days without a new report after which a story takes no more (0: no limit; bulk "
        "ingest into a store keeps 60)")
    group_event_dates: bool = option(
        True, "Read each report's event date from its text ('Sunday's shooting') to join "
        "follow-ups and keep look-alikes apart, when most reports have a publication date to "
        "read it against (bulk ingest leaves it off for speed)")
    group_meaning: bool = option(
        False, "Also compare each report's title and lead with a story's by sentence embedding "
        "(needs use_embeddings); measured no better on held-out gv-dev and ECB+, so off")
    group_max_active: int = option(
        GroupingConfig.max_active, "Most stories open to new reports at once (bounds memory)")
    use_embeddings: bool = option(
        True, "Use sentence embeddings (MiniLM, ONNX) to align claims by meaning")
    check_candidates: int = option(
        20, "Passages retrieved per claim for 'storycheck check'; only these are judged")
    check_min_sources: int = option(
        1, "Independent sources whose own words must support a checked claim for the verdict "
           "'supported' (fewer: 'reported'); 1 answers what the coverage says, 2 asks for "
           "corroboration as 'min_sources' does for a story's claims")
    check_min_probability: float = option(
        0.2, "Judged probability (0-1) that a passage states the claim, at or above which "
             "'storycheck check' counts it as support or report (chosen on the dev half of "
             "the gv-dev check set)")

    # Reading URLs (io/fetch.py). They change what is read, not how it is analysed, so a
    # stored report does not depend on them (store.settings_fingerprint leaves them out).
    fetch_connect_timeout: float = option(
        10.0, "Seconds to wait for a connection to a web server")
    fetch_read_timeout: float = option(
        20.0, "Seconds to wait for the next bytes from a web server")
    fetch_deadline: float = option(
        60.0, "Seconds one URL may take in all (robots.txt, redirects, retries, download); "
              "a slower one is skipped")
    fetch_concurrency: int = option(8, "URLs downloaded at once")
    fetch_per_host: int = option(2, "URLs downloaded at once from one host")
    fetch_retries: int = option(
        2, "Retries of a download after a timeout, a dropped connection or an HTTP 429 or 5xx "
           "answer")
    fetch_backoff: float = option(
        1.0, "Seconds before the first retry; each further retry waits twice as long "
             "(a server's Retry-After, when longer, is honoured within the deadline)")
    fetch_max_redirects: int = option(5, "Redirects followed per URL (each one is checked)")
    fetch_robots: bool = option(
        True, "Respect robots.txt (for the user agent 'storycheck'); off: fetch regardless")
    fetch_allow_private: bool = option(
        False, "Fetch from loopback, private, link-local and other non-public addresses "
               "(refused by default; --allow-private)")
    fetch_full_articles: bool = option(
        False, "Fetch each feed item's article page and read it as an HTML page, instead of "
               "the feed's summary (--full)")

    def __post_init__(self) -> None:
        if self.group_meaning and not self.use_embeddings:
            raise ValueError("group_meaning compares sentence embeddings: it needs "
                             "use_embeddings")

    def grouping_config(self, meaning: bool = False, dated: bool = True) -> GroupingConfig:
        """The grouper's options as these settings set them; ``meaning``: the
        grouper is given title-and-lead embeddings (weights fitted for that);
        ``dated``: most documents have a publication date. Event dates are read
        against it, so for undated documents the weights fitted without event
        dates apply: those fitted with them expect the bonus of an agreeing
        event date that undated reports never get."""
        base = analysis_config(meaning) if (self.group_event_dates and dated) or meaning \
            else GroupingConfig()
        return replace(base, threshold=self.group_threshold or base.threshold,
                       window_days=self.group_window_days or None,
                       event_dates=self.group_event_dates, max_active=self.group_max_active)

    def with_changes(self, **changes: Any) -> "Settings":
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(self, **changes)


__all__ = ["SETTINGS", "Setting", "Settings", "option"]

SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, f.metadata["help"]) for f in fields(Settings))
