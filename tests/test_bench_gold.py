"""The gv-dev gold scorers (bench/gv_gold.py, bench_claims.py, bench_check.py) on hand-made inputs."""
from __future__ import annotations

import json

import bench_check  # bench/ is on pytest's pythonpath (pyproject.toml)
import bench_claims
import pytest
from gv_gold import Mention, fingerprint, locate, mentions_of, sentences

RAW = {"a": {"text": "Page menu\n\nThe mayor   opened the bridge on Monday.\nShe was 41."},
       "b": {"text": "The bridge was opened by the mayor on Monday. She is 42."}}


def test_locate_finds_the_span_in_cleaned_text_across_whitespace():
    raw = RAW["a"]["text"]
    start = raw.index("The mayor")
    end = raw.index("Monday.") + len("Monday.")
    clean = "The mayor opened the bridge on Monday.\nShe was 41."
    assert locate(raw, start, end, clean) == (0, len("The mayor opened the bridge on Monday."))
    assert locate(raw, start, end, "Something else entirely.") is None


def test_locate_takes_the_repeat_at_the_nearest_relative_position():
    raw = "Caption here. Body one. Caption here."
    last = raw.rindex("Caption here.")
    clean = "Caption here. Body one. Caption here."
    assert locate(raw, last, last + 13, clean) == (last, last + 13)


def test_mentions_with_a_changed_fingerprint_are_set_aside():
    text = RAW["b"]["text"]
    good = {"document": "b", "start": 0, "end": 44, "sha1": fingerprint(text[:44])}
    stale = {**good, "sha1": "000000000000"}
    incident = {"facts": [{"id": "f1", "mentions": [good, stale]}]}
    mentions, drifted = mentions_of(incident, RAW)
    assert [m.index for m in mentions] == [0] and drifted == ["f1#1"]


def test_sentences_keep_closing_quotes_and_split_lines():
    text = 'He said "no." Then she left.\nA third'
    assert [text[s:e] for _, s, e in sentences("d", text)] == ['He said "no."', "Then she left.",
                                                                "A third"]


def _incident():
    return {"facts": [{"id": "open"}, {"id": "age41"}, {"id": "age42"}],
            "lookalikes": [{"mentions": [{"fact": "age41", "mention": 0},
                                         {"fact": "age42", "mention": 0}]}],
            "disagreements": [{"kind": "number", "facts": ["age41", "age42"]}]}


def test_grouping_scores_corroboration_lookalikes_and_precision():
    mentions = {Mention("open", 0, "a", 0, 10): ("a", 0, 10), Mention("open", 1, "b", 0, 10): ("b", 0, 10),
                Mention("age41", 0, "a", 20, 30): ("a", 20, 30), Mention("age42", 0, "b", 20, 30): ("b", 20, 30)}
    g1, g2, g3 = (frozenset([g]) for g in ("g1", "g2", "g3"))
    merged = {("a", 0, 10): g1, ("b", 0, 10): g1, ("a", 20, 30): g2, ("b", 20, 30): g2}
    n = bench_claims.score_grouping(_incident(), mentions, merged)
    assert (n["pairs_found"], n["pairs"]) == (1, 1)
    assert (n["lookalikes_merged"], n["lookalikes"]) == (1, 1)
    assert (n["grouped_correct"], n["grouped_pairs"]) == (1, 2)  # the ages' pair is wrong
    apart = {**merged, ("b", 20, 30): g3}
    n = bench_claims.score_grouping(_incident(), mentions, apart)
    assert n["lookalikes_merged"] == 0 and (n["grouped_correct"], n["grouped_pairs"]) == (1, 1)
    # a passage that states two groups' claims is grouped with the members of each
    within = {**apart, ("b", 20, 30): g2 | g3}
    n = bench_claims.score_grouping(_incident(), mentions, within)
    assert n["lookalikes_merged"] == 1


def test_storycheck_units_keep_every_group_a_passage_supports():
    cite = {"document": "a", "start": 0, "end": 5}
    story = {"claims": [{"id": "c1", "support": [cite]}, {"id": "c2", "support": [cite]}]}
    assert bench_claims.storycheck_units(story) == {("a", 0, 5): frozenset({"c1", "c2"})}


def test_a_conflict_counts_only_when_its_sides_cite_the_two_values():
    rows = {"a": {"text": "She was 41."}, "b": {"text": "She is 42."}}
    texts = {"a": "She was 41.", "b": "She is 42."}
    mentions = [Mention("age41", 0, "a", 0, 11), Mention("age42", 0, "b", 0, 10)]
    right = {"id": "v1", "kind": "contradiction", "sides": [
        {"support": [{"document": "a", "start": 0, "end": 11}]},
        {"support": [{"document": "b", "start": 0, "end": 10}]}]}
    one_sided = {"id": "v2", "kind": "contradiction", "sides": [
        {"support": [{"document": "a", "start": 0, "end": 11}]},
        {"support": [{"document": "a", "start": 0, "end": 11}]}]}
    n = bench_claims.score_conflicts(_incident(), mentions, rows, texts, [right])
    assert (n["conflicts_found"], n["conflicts"], n["spurious"]) == (1, 1, 0)
    n = bench_claims.score_conflicts(_incident(), mentions, rows, texts, [one_sided])
    assert (n["conflicts_found"], n["spurious"]) == (0, 1)


@pytest.mark.parametrize("stances, verdict", [
    (["supports", "supports"], "supported"), (["contradicts"], "contradicted"),
    (["supports", "contradicts"], "disputed"), (["reports", "contradicts"], "disputed"),
    (["reports"], "reported"), ([], "not found")])
def test_verdict_rule(stances, verdict):
    assert bench_check.verdict_of(stances) == verdict


def test_check_scorer_on_a_hand_made_answer():
    gold = {"incidents": [{"incident": "i1", "split": "dev", "documents": ["d1", "d2"]}],
            "claims": [{"incident": "i1", "claim": "The bridge opened on Monday.", "verdict": "supported",
                        "documents": {"d1": "supports", "d2": "supports"}},
                       {"incident": "i1", "claim": "The mayor is 50.", "verdict": "contradicted",
                        "documents": {"d1": "contradicts"}}]}
    answer = {"schema": "storycheck-check/1", "documents": [], "skipped": [], "checks": [
        {"claim": "The bridge opened on Monday.", "verdict": "supported",
         "sources": {"supports": 1, "contradicts": 0, "reports": 0},
         "documents": [{"document": "d1", "stance": "supports", "evidence": [], "differs": []}]},
        {"claim": "The mayor is 50. ", "verdict": "contradicted",
         "sources": {"supports": 0, "contradicts": 1, "reports": 0},
         "documents": [{"document": "d1", "stance": "contradicts", "evidence": [],
                        "differs": [{"kind": "number", "claim_value": "50", "document_value": "41"}]}]}]}
    result = bench_check.score(gold, bench_check.predictions(json.loads(json.dumps(answer))))["dev"]
    assert result["answered"] == 2
    assert result["stance_accuracy"] == pytest.approx(3 / 4)  # d2 supports, answered unrelated
    assert result["verdict_accuracy"] == 1.0
    assert result["stance_f1"] == pytest.approx({"supports": 2 / 3, "contradicts": 1.0, "unrelated": 2 / 3})
    assert result["stance_macro_f1"] == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)


def test_check_scorer_refuses_another_schema():
    with pytest.raises(ValueError, match="storycheck-check/1"):
        bench_check.predictions({"schema": "storycheck/1", "checks": []})


GOLD = bench_claims.GOLD_DIR


def test_claim_gold_is_consistent():
    gold = json.loads((GOLD / "gv_claims.json").read_text())
    assert {i["split"] for i in gold["incidents"]} == {"dev", "held-out"}
    for incident in gold["incidents"]:
        facts = {f["id"]: f for f in incident["facts"]}
        for fact in facts.values():
            docs = {m["document"] for m in fact["mentions"]}
            assert docs <= set(incident["documents"])
            assert fact["status"] == ("corroborated" if len(docs) > 1 else "single")
            for m in fact["mentions"]:
                assert 0 <= m["start"] < m["end"] and len(m["sha1"]) == 12
        for dis in incident["disagreements"]:
            a, b = (facts[f] for f in dis["facts"])
            assert a["frame"] == b["frame"] and a["value"] != b["value"]
        for look in incident["lookalikes"]:
            for ref in look["mentions"]:
                assert ref["mention"] < len(facts[ref["fact"]]["mentions"])


def test_check_gold_verdicts_follow_from_its_stances():
    gold = json.loads((GOLD / "gv_check.json").read_text())
    docs = {i["incident"]: set(i["documents"]) for i in gold["incidents"]}
    assert len(gold["claims"]) >= 40
    for claim in gold["claims"]:
        assert set(claim["documents"]) <= docs[claim["incident"]]
        assert claim["verdict"] == bench_check.verdict_of(list(claim["documents"].values()))


@pytest.mark.skipif(not bench_claims.DATA.exists(), reason="gv-dev data not here")
def test_claim_gold_fingerprints_match_the_corpus():
    gold = json.loads((GOLD / "gv_claims.json").read_text())
    rows = bench_claims.load_corpus(bench_claims.DATA, {i["incident"] for i in gold["incidents"]})
    for incident in gold["incidents"]:
        assert mentions_of(incident, rows)[1] == []


def test_debris_scores_count_removed_lines_against_the_labels():
    import bench_cleaning
    row = {"id": "d1",
           "text": "Close\nA ferry ran aground on Monday.\nFollow us on Instagram\nIt was refloated."}
    lines = ["Close", "A ferry ran aground on Monday.", "Follow us on Instagram", "It was refloated."]
    corpus = [(row, lines, ["debris", "report", "debris", "unsure"])]
    assert bench_cleaning.storycheck_removed(row, lines) == [True, False, True, False]
    got = bench_cleaning.score(corpus, bench_cleaning.storycheck_removed)
    assert (got["p"], got["r"], got["kept"]) == (1.0, 1.0, 1.0)
    kept_all = bench_cleaning.score(corpus, bench_cleaning.keep_all)
    assert (kept_all["r"], kept_all["kept"]) == (0.0, 1.0)


def test_debris_gold_is_consistent():
    gold = json.loads((GOLD / "gv_debris.json").read_text())
    assert len(gold["documents"]) == 100
    for doc in gold["documents"]:
        assert doc["lines"] and all(label in {"report", "debris", "unsure"} and len(sha) == 12
                                    for label, sha in doc["lines"])
