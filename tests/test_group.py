"""Incremental story grouping (storycheck.grouping) on invented articles."""
from __future__ import annotations

import base64
import datetime as dt
import json
import random
from dataclasses import replace

import numpy as np
import pytest

from storycheck.grouping import cluster as group_cluster
from storycheck.grouping import (GroupingConfig, StoryGrouper, analysis_config, extract_counts,
                                 group_documents, term_hashes)

D = dt.datetime

# --- one event, three outlets, different words --------------------------------

FIRE = [
    ("fire-a", "Warehouse blaze in Port Halden kills two",
     "Two night-shift workers died when a fire swept through the Kessler Logistics warehouse "
     "in Port Halden early on Tuesday, the regional fire service said. Around 60 firefighters "
     "fought the flames for more than five hours before bringing them under control. Fire chief "
     "Amara Lindqvist said the blaze began in a loading bay at about 2.40am and spread quickly "
     "through stacked pallets. Eleven other employees escaped unhurt. Kessler Logistics said it "
     "was cooperating with investigators and had closed the site on Harbour Road.",
     D(2025, 3, 11, 9, 0)),
    ("fire-b", "Two dead as flames gut Kessler depot",
     "A huge fire at a Kessler Logistics depot on Harbour Road in Port Halden left two staff "
     "members dead on Tuesday morning. Amara Lindqvist, who leads the Port Halden fire brigade, "
     "told reporters that 60 firefighters had been sent to the scene. The fire is thought to "
     "have started in a loading bay shortly before 3am, she said, and thick smoke could be seen "
     "across the harbour. Eleven colleagues got out of the building safely. The cause is under "
     "investigation.",
     D(2025, 3, 11, 13, 30)),
    ("fire-c", None,
     "Investigators in Port Halden are trying to establish what caused Tuesday's deadly fire at "
     "the Kessler Logistics warehouse, where two employees were killed. According to chief fire "
     "officer Amara Lindqvist, crews spent five hours tackling the flames, which started among "
     "pallets in a loading bay. The company's managing director, Tomasz Wrenfield, said the "
     "firm was devastated and would support the families. Harbour Road remained closed on "
     "Wednesday while the 60 firefighters who attended were stood down.",
     D(2025, 3, 12, 8, 15)),
]

OTHER = ("budget", "Council approves new cycling budget",
         "Councillors in Elmstead voted on Monday to spend 4 million on new cycle lanes over the "
         "next three years. The plan, backed by council leader Priya Castellane, includes a "
         "protected lane along Mill Street and secure bike parking at the railway station. "
         "Opponents argued the money should go to road repairs instead.",
         D(2025, 3, 10, 18, 0))


def test_same_event_from_three_outlets_groups_together():
    g = StoryGrouper()
    other = g.add(*OTHER)
    ids = [g.add(*doc) for doc in FIRE]
    assert len(set(ids)) == 1
    assert ids[0] != other
    assert g.stories()[ids[0]] == ["fire-a", "fire-b", "fire-c"]


# --- similar events, same day, different cities -------------------------------

SHOOTINGS = [
    ("brk-1", "Gunman opens fire at Brackenford shopping centre",
     "A gunman opened fire inside the Aldermoor shopping centre in Brackenford on Saturday "
     "afternoon, killing three people and wounding seven, police said. Officers arrived within "
     "minutes and arrested a 34-year-old man outside the food court. Brackenford police "
     "commissioner Delia Hartwell said the suspect acted alone and that the motive was unclear. "
     "Shoppers described hiding in stockrooms as shots rang out.",
     D(2025, 6, 14, 17, 0)),
    ("lis-1", "Gunman opens fire at Lisvale shopping centre",
     "A gunman opened fire inside the Corrington shopping centre in Lisvale on Saturday "
     "afternoon, killing one person and wounding four, police said. Officers arrived quickly "
     "and arrested a 52-year-old man near the cinema entrance. Lisvale police chief Omar "
     "Venkataraman said the suspect had acted alone and that the motive was unclear. Shoppers "
     "described hiding in changing rooms as shots rang out.",
     D(2025, 6, 14, 18, 0)),
    ("brk-2", "Three killed in Aldermoor centre attack",
     "Police in Brackenford say three people were killed and seven wounded when a man armed with "
     "a rifle began shooting at the Aldermoor shopping centre on Saturday. Commissioner Delia "
     "Hartwell said the 34-year-old suspect was detained near the food court. Witnesses said "
     "shoppers fled into stockrooms. The centre will stay closed while detectives gather evidence.",
     D(2025, 6, 14, 21, 0)),
    ("lis-2", "One killed in Corrington centre attack",
     "Police in Lisvale say one person was killed and four wounded when a man armed with a "
     "handgun began shooting at the Corrington shopping centre on Saturday. Police chief Omar "
     "Venkataraman said the 52-year-old suspect was detained near the cinema. Witnesses said "
     "shoppers fled into changing rooms. The centre will stay closed while detectives gather "
     "evidence.",
     D(2025, 6, 14, 22, 0)),
]


def _group(docs, config=None) -> dict[str, str]:
    g = StoryGrouper(config)
    return {doc[0]: g.add(*doc) for doc in docs}


def test_similar_events_in_different_cities_same_day_split():
    sid = _group(SHOOTINGS)
    assert sid["brk-1"] == sid["brk-2"]
    assert sid["lis-1"] == sid["lis-2"]
    assert sid["brk-1"] != sid["lis-1"]


def test_words_alone_would_merge_the_two_shootings():
    # Control: the two shootings read alike; names, places and numbers split them.
    # Without those features the threshold drops by their share of the weights.
    full = GroupingConfig()
    words = full.w_body + full.w_title + full.w_lead
    words_only = replace(full, w_entities=0.0, w_numbers=0.0, w_rare_names=0.0,
                         w_missing_names=0.0,
                         threshold=full.threshold * words / full.family_weights().sum())
    sid = _group(SHOOTINGS, words_only)
    assert sid["brk-1"] == sid["lis-1"]


# --- same city, a year apart --------------------------------------------------

def _flood(doc_id: str, year: int, river_m: str, evacuated: int, mayor: str) -> tuple:
    return (doc_id, "Floods hit Marrowby as the Tessel bursts its banks",
            f"The river Tessel burst its banks in Marrowby on Sunday after days of heavy rain, "
            f"flooding hundreds of homes in the low-lying Quayside district. The river peaked at "
            f"{river_m} metres, the environment agency said, and {evacuated} residents were moved "
            f"to emergency shelters. Mayor {mayor} said the town's flood defences had been "
            f"overwhelmed and called for urgent help. Schools in Marrowby stayed closed on Monday.",
            D(year, 3, 9, 12, 0))


def test_same_city_a_year_apart_splits():
    old = _flood("flood-2024", 2024, "5.2", 300, "Helena Brask")
    new = _flood("flood-2025", 2025, "4.8", 450, "Helena Brask")
    # The window bars it; without one, the publication gap alone is a small
    # learned penalty (0-1.6 against scores of up to ~17), so the window is what holds.
    for config in (GroupingConfig(), GroupingConfig(window_days=365.0 - 1)):
        for first, second in ((old, new), (new, old)):  # also when the older arrives late
            g = StoryGrouper(config)
            assert g.add(*first) != g.add(*second), (config.window_days, first[0])


def test_same_city_same_week_joins():
    # Control for the test above: same text, dates two days apart, joins.
    a = _flood("flood-a", 2025, "4.8", 450, "Helena Brask")
    b = replace_date(_flood("flood-b", 2025, "4.8", 450, "Helena Brask"), D(2025, 3, 11))
    g = StoryGrouper()
    assert g.add(*a) == g.add(*b)


def replace_date(doc: tuple, when: dt.datetime) -> tuple:
    return (*doc[:3], when)


# --- persistence ----------------------------------------------------------------

ALL = [OTHER, *FIRE, *SHOOTINGS]


def test_state_round_trip_continues_the_same_grouping():
    reference = StoryGrouper()
    expected = [reference.add(*doc) for doc in ALL]

    first = StoryGrouper()
    got = [first.add(*doc) for doc in ALL[:3]]
    state = json.loads(json.dumps(first.to_state()))  # must survive a JSON database column
    restored = StoryGrouper.from_state(state)
    got += [restored.add(*doc) for doc in ALL[3:]]

    assert got == expected
    assert restored.stories() == reference.stories()
    assert json.dumps(restored.to_state(), sort_keys=True) == json.dumps(
        reference.to_state(), sort_keys=True)


def test_state_rejects_unknown_version():
    state = StoryGrouper().to_state()
    state["version"] = 999
    with pytest.raises(ValueError):
        StoryGrouper.from_state(state)


# --- closing stories ------------------------------------------------------------

def test_closed_story_takes_no_new_members():
    late_copy = ("fire-late", *FIRE[1][1:3], D(2025, 3, 25))  # same report, two weeks on
    news = replace_date(OTHER, D(2025, 3, 24))
    open_config = GroupingConfig(window_days=None, w_time=0.0)

    # Control: with no window and no date penalty the late copy joins the fire story ...
    g = StoryGrouper(open_config)
    fire = g.add(*FIRE[0])
    g.add(*news)
    assert g.add(*late_copy) == fire

    # ... but with a 7-day window the fire story was closed when the 24 March article arrived.
    g = StoryGrouper(replace(open_config, window_days=7.0))
    fire = g.add(*FIRE[0])
    g.add(*news)
    assert fire not in g.active_stories()
    assert g.add(*late_copy) != fire
    assert g.stories()[fire] == ["fire-a"]  # closed stories are still reported


def test_active_set_is_bounded_without_dates():
    g = StoryGrouper(GroupingConfig(max_active=2))
    docs = (OTHER, FIRE[0], SHOOTINGS[0], _flood("flood", 2025, "4.8", 450, "Helena Brask"))
    ids = [g.add(doc[0], doc[1], doc[2], None) for doc in docs]
    assert len(set(ids)) == 4
    assert g.active_stories() == [ids[2], ids[3]]  # least recently updated closed first
    assert len(g.stories()) == 4


# --- API details ------------------------------------------------------------------

def test_story_ids_in_creation_order_and_add_is_idempotent():
    g = StoryGrouper()
    assert g.add(*OTHER) == "s1"
    assert g.add(*FIRE[0]) == "s2"
    assert g.add(*OTHER) == "s1"  # re-fed document: same story, not added twice
    assert g.stories() == {"s1": ["budget"], "s2": ["fire-a"]}


def test_group_documents_matches_grouper_and_workers():
    one = group_documents(ALL)
    g = StoryGrouper()
    for doc in ALL:
        g.add(*doc)
    assert one == g.stories()
    assert group_documents(ALL, workers=2) == one


def test_config_is_frozen_and_documented():
    from dataclasses import FrozenInstanceError, fields

    config = GroupingConfig()
    with pytest.raises(FrozenInstanceError):
        config.threshold = 0.5  # type: ignore[misc]
    assert all(f.metadata.get("help") for f in fields(GroupingConfig))
    assert config.threshold > 0.0
    assert config.w_time > 0 and config.w_missing_names > 0  # penalties, as fitted


def test_naive_and_aware_datetimes_mix():
    g = StoryGrouper()
    a = g.add(*FIRE[0])
    aware = FIRE[1][3].replace(tzinfo=dt.timezone.utc)
    assert g.add(FIRE[1][0], FIRE[1][1], FIRE[1][2], aware) == a


def test_integer_weights_are_accepted():
    config = GroupingConfig(w_body=1, w_entities=2, w_numbers=2)
    assert _group(FIRE, config)["fire-a"] == _group(FIRE, config)["fire-b"]


# --- precomputed features, batches, vocabulary ------------------------------------

def _many_docs(n: int) -> list[tuple]:
    """n short invented reports of n // 4 events (made-up names and words per
    event), each report also naming a bystander no other report names."""
    syllables = "ka lo mi ra ten vor del san bri quo lan mer tis zu fen gar hol pe nor vik".split()

    def word(rng: random.Random) -> str:
        return "".join(rng.choice(syllables) for _ in range(3))

    docs = []
    for i in range(n):
        rng = random.Random(i // 4)
        town, firm, chief, what = (word(rng).capitalize() for _ in range(4))
        things = " ".join(word(rng) for _ in range(8))
        bystander = word(random.Random(1000 + i)).capitalize()
        docs.append((f"d{i}", f"{what} in {town}",
                     f"Officials in {town} said the {what} at {firm} involved {things}, "
                     f"according to {chief}; resident {bystander} Smith saw it.",
                     D(2025, 1, 1) + dt.timedelta(hours=i)))
    return docs


def _n_terms(state: dict) -> int:
    return len(base64.b64decode(state["terms"])) // 8  # 64-bit term hashes


def test_add_counts_and_batches_give_the_same_result_as_add():
    one = StoryGrouper()
    expected = [one.add(*doc) for doc in ALL]
    counts = [(doc[0], extract_counts(doc[1], doc[2]), doc[3]) for doc in ALL]
    single = StoryGrouper()
    assert [single.add_counts(*item) for item in counts] == expected
    batched = StoryGrouper()
    assert batched.add_counts_many(counts[:3]) + batched.add_counts_many(counts[3:]) == expected
    assert batched.to_state() == one.to_state()


def test_add_counts_many_is_idempotent_per_doc_id():
    g = StoryGrouper()
    item = ("fire-a", extract_counts(*FIRE[0][1:3]), FIRE[0][3])
    first, again = g.add_counts_many([item, item])
    assert first == again == g.add_counts(*item)
    assert g.stories() == {first: ["fire-a"]}


def test_vocabulary_is_pruned_alike_in_batches_and_one_by_one(monkeypatch):
    monkeypatch.setattr(group_cluster, "PRUNE_EVERY", 8)  # check the size every 8 articles
    config = GroupingConfig(max_vocabulary=40, max_active=3)  # closed stories' terms can go
    docs = _many_docs(60)
    one = StoryGrouper(config)
    expected = [one.add(*doc) for doc in docs]
    batched = StoryGrouper(config)
    counts = [(doc[0], extract_counts(doc[1], doc[2]), doc[3]) for doc in docs]
    got = []
    for start, end in ((0, 5), (5, 30), (30, 31), (31, 60)):  # across the checks
        got += batched.add_counts_many(counts[start:end])
    assert got == expected
    state = batched.to_state()
    assert state == one.to_state()
    unpruned = StoryGrouper()
    for doc in docs:
        unpruned.add(*doc)
    assert _n_terms(state) < _n_terms(unpruned.to_state())
    # The four reports of an event still meet in one story.
    assert len(set(expected[-4:])) == 1


def test_state_round_trip_after_pruning(monkeypatch):
    monkeypatch.setattr(group_cluster, "PRUNE_EVERY", 8)
    config = GroupingConfig(max_vocabulary=40, max_active=3)
    docs = _many_docs(40)
    reference = StoryGrouper(config)
    expected = [reference.add(*doc) for doc in docs]
    first = StoryGrouper(config)
    got = [first.add(*doc) for doc in docs[:21]]
    restored = StoryGrouper.from_state(json.loads(json.dumps(first.to_state())))
    got += [restored.add(*doc) for doc in docs[21:]]
    assert got == expected
    assert restored.to_state() == reference.to_state()


def test_term_hashes_are_stable():
    # Saved grouper states hold these: they must not change between versions.
    assert term_hashes(["fire", "port halden", "n60"]).tolist() == [
        -6482075978893579502, 7932122664439613170, -1143848749395980007]
    assert term_hashes([]).tolist() == []


# --- real-world follow-ups and look-alikes (event dates from the text) ------------

def _shooting(doc_id, title, text, when):
    return (doc_id, title, text, when)


FIRST_REPORT = _shooting(
    "ash-1", "Man shot dead on Calloway Street",
    "A man was shot and killed on Calloway Street in Ashbury on Sunday night, police said. "
    "Officers found the man, who was in his 30s, lying near a parked car in the 400 block of "
    "Calloway Street at about 11 p.m. He was taken to Ashbury General Hospital, where he died. "
    "Police have not named a suspect and asked witnesses to come forward.",
    D(2025, 5, 12, 8, 0))  # Monday: "Sunday night" is 11 May
VICTIM_NAMED = _shooting(
    "ash-2", "Police name victim of Sunday's Calloway Street shooting",
    "Police on Tuesday identified the man killed in Sunday's shooting on Calloway Street as "
    "Dorian Pellegrew, 34, of Ashbury. Pellegrew was found near a parked car in the 400 block "
    "of Calloway Street and died at Ashbury General Hospital. His sister described him as a "
    "devoted father of two. Detectives are reviewing footage from nearby homes.",
    D(2025, 5, 13, 17, 0))  # Tuesday: "Sunday's shooting" is 11 May again
LOOK_ALIKE = _shooting(
    "ash-3", "Man shot dead on Wexley Avenue",
    "A man was shot and killed on Wexley Avenue in Ashbury on Tuesday night, police said. "
    "Officers found Marcus Thornbury, 27, lying near a bus stop in the 1200 block of Wexley "
    "Avenue at about 10 p.m. He was taken to St Aldric Medical Centre, where he died. Police "
    "have not named a suspect and asked witnesses to come forward.",
    D(2025, 5, 14, 8, 0))  # Wednesday: another street, another night, another man


def _with_event_dates():
    from storycheck.settings import Settings
    return Settings().grouping_config()


def test_follow_up_naming_the_victim_joins_the_first_report():
    sid = _group([FIRST_REPORT, VICTIM_NAMED], _with_event_dates())
    assert sid["ash-1"] == sid["ash-2"]


def test_look_alike_shooting_in_the_same_city_stays_apart():
    sid = _group([FIRST_REPORT, VICTIM_NAMED, LOOK_ALIKE], _with_event_dates())
    assert sid["ash-1"] == sid["ash-2"]
    assert sid["ash-3"] != sid["ash-1"]


def test_a_headline_only_page_is_read_by_its_headline():
    # The page's body was all widgets (cleaned away): the headline is what it reports.
    headline_only = ("ash-4", "Ashbury police name Dorian Pellegrew as Calloway Street "
                     "shooting victim", "", D(2025, 5, 13, 18, 0))
    counts = extract_counts(headline_only[1], "")
    families = counts.table[0].tolist()
    assert families.count(0) > 5 and families.count(3) >= 3  # body words, names
    sid = _group([FIRST_REPORT, VICTIM_NAMED, headline_only, LOOK_ALIKE], _with_event_dates())
    assert sid["ash-4"] == sid["ash-1"] != sid["ash-3"]


def test_event_dates_resolve_against_publication():
    # "Sunday night" in Monday's paper and "Sunday's shooting" in Tuesday's: both 11 May.
    sunday = (dt.date(2025, 5, 11) - dt.date(1970, 1, 1)).days
    first = extract_counts(FIRST_REPORT[1], FIRST_REPORT[2], FIRST_REPORT[3])
    named = extract_counts(VICTIM_NAMED[1], VICTIM_NAMED[2], VICTIM_NAMED[3])
    assert sunday in first.event_days.tolist()
    assert sunday in named.event_days.tolist()
    other = extract_counts(LOOK_ALIKE[1], LOOK_ALIKE[2], LOOK_ALIKE[3])
    assert sunday not in other.event_days.tolist()
    assert len(extract_counts(FIRST_REPORT[1], FIRST_REPORT[2]).event_days) == 0  # no date


def test_different_event_dates_lower_the_score():
    # The same text published the same day, but telling of another night: the
    # event-date feature alone must separate what the words would join.
    config = _with_event_dates()
    g = StoryGrouper(config)
    g.add(*FIRST_REPORT)
    story = g._active[1]
    same = g._pair_features(g._vectors(g._entries([extract_counts(
        FIRST_REPORT[1], FIRST_REPORT[2], FIRST_REPORT[3])])[0]), None, [story])[0][0]
    shifted_text = FIRST_REPORT[2].replace("on Sunday night", "on Thursday night")
    other = g._pair_features(g._vectors(g._entries([extract_counts(
        FIRST_REPORT[1], shifted_text, FIRST_REPORT[3])])[0]), None, [story])[0][0]
    assert same[8] == 1.0 and same[9] == 0.0  # same_date, other_date
    assert other[8] == 0.0 and other[9] == 1.0
    assert (same - other) @ config.pair_weights() > 2.0  # the learned weights act on it


def test_settings_reach_the_grouper():
    from storycheck.settings import Settings
    config = Settings().with_changes(group_threshold=9.5, group_window_days=0.0,
                                     group_event_dates=False).grouping_config()
    assert (config.threshold, config.window_days, config.event_dates) == (9.5, None, False)


# --- small batches, background word frequencies, meaning ----------------------

def _pair_features(g: StoryGrouper, counts) -> np.ndarray:
    """The pair features of an article against the grouper's first story, as
    ``_place`` computes them (the article's weights in the scratch array)."""
    article = g._vectors(g._entries([counts])[0])
    g._article[article.keys, 0] = article.unit
    g._article[article.keys, 1] = article.rarity
    g._article[article.names, 2] = 1.0
    return g._pair_features(article, None, [g._active[1]])[0][0]


def _body_cosine(first, second) -> float:
    g = StoryGrouper()
    g.add(first[0], None, first[2], None)
    return _pair_features(g, extract_counts(None, second[2]))[0]


def test_background_shares_know_common_words_from_rare_ones():
    from storycheck.grouping.background import background_shares
    said, fire, warehouse, lindqvist = background_shares(
        term_hashes(["said", "fire", "warehouse", "lindqvist"]))
    assert said > fire > warehouse > 0.0
    assert lindqvist == 0.0  # a name the word list lacks is as rare as can be


def test_in_a_two_report_batch_shared_words_outweigh_words_one_report_uses(monkeypatch):
    # Two long reports of one fire in different words, each with a paragraph of
    # its own: with every word new to the stream, IDF alone keeps each report's
    # own words among its top terms and drops the shared ones.
    first = ("a", None, FIRE[0][2] + "\n\n" + OTHER[2], None)
    second = ("b", None, FIRE[1][2] + "\n\n" + SHOOTINGS[1][2], None)
    with_background = _body_cosine(first, second)
    monkeypatch.setattr(group_cluster, "background_shares",
                        lambda hashes: np.zeros(len(hashes), np.float32))
    without = _body_cosine(first, second)
    assert with_background > 0.2
    assert with_background > 2 * without


class LetterEncoder:
    """A stand-in sentence encoder: unit vectors of letter counts (no model needed)."""

    def encode(self, texts):
        rows = np.zeros((len(texts), 26), np.float32)
        for row, text in zip(rows, texts):
            for ch in text.lower():
                if "a" <= ch <= "z":
                    row[ord(ch) - 97] += 1
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def test_meaning_vectors_reach_the_score_and_the_saved_state():
    from storycheck.grouping.features import meaning_text
    from storycheck.grouping.state import grouper_state, restore_grouper
    config = analysis_config(meaning=True)
    assert config.w_meaning > 0 and config.event_dates
    g = StoryGrouper(config)
    encoder = LetterEncoder()
    for doc_id, title, text, published in FIRE[:2]:
        vector = encoder.encode([meaning_text(title, text)])[0].astype(np.float64)
        g.add_counts(doc_id, extract_counts(title, text, published)._replace(meaning=vector),
                     published)
    story = g._active[1]
    assert story.meaning is not None
    restored = restore_grouper(StoryGrouper, json.loads(json.dumps(grouper_state(g))))
    assert np.allclose(restored._active[1].meaning, story.meaning)
    title, text, published = FIRE[2][1:]
    counts = extract_counts(title, text, published)._replace(
        meaning=encoder.encode([meaning_text(title, text)])[0].astype(np.float64))
    centre = story.meaning / np.linalg.norm(story.meaning)
    assert _pair_features(g, counts)[10] == pytest.approx(float(counts.meaning @ centre))
    assert _pair_features(g, counts._replace(meaning=-centre))[10] == pytest.approx(-1.0)
    stories = group_documents(FIRE, config, encoder=encoder)
    assert list(stories.values()) == [["fire-a", "fire-b", "fire-c"]]


def test_analysis_uses_the_weights_fitted_for_it_unless_told_otherwise():
    from storycheck.grouping.config import ANALYSIS_WEIGHTS
    from storycheck.settings import Settings
    settings = Settings()
    assert settings.grouping_config(meaning=True).threshold == \
        ANALYSIS_WEIGHTS["meaning"]["threshold"]
    assert settings.grouping_config().threshold == ANALYSIS_WEIGHTS["dates"]["threshold"]
    assert settings.with_changes(group_event_dates=False).grouping_config() == replace(
        GroupingConfig(), window_days=settings.group_window_days)
    assert settings.with_changes(group_threshold=7.5).grouping_config().threshold == 7.5
    # undated reports never earn the agreeing-event-date bonus those weights expect
    assert settings.grouping_config(dated=False).threshold == GroupingConfig().threshold


def test_undated_reports_are_grouped_with_the_weights_fitted_without_event_dates(monkeypatch):
    import datetime as dt

    import storycheck.api as api
    from storycheck.models import AnalysedDocument, Document
    from storycheck.settings import Settings

    used = []
    monkeypatch.setattr(api, "group_documents",
                        lambda docs, config, encoder=None: used.append(config) or {})

    def analysed(published):
        return [AnalysedDocument(Document(id=f"d{i}", source="x", text="A ferry sank.",
                                          published=published)) for i in range(3)]

    api.group_stories(analysed(None), Settings())
    api.group_stories(analysed(dt.datetime(2026, 5, 3)), Settings())
    assert [c.threshold for c in used] == [GroupingConfig().threshold,
                                           Settings().grouping_config().threshold]
    assert used[0] != used[1]


@pytest.mark.parametrize("meaning", [False, True])
def test_analysis_embeds_titles_for_grouping_only_when_asked(parser, monkeypatch, meaning):
    import storycheck.api as api
    from storycheck.models import RawDocument
    from storycheck.settings import Settings
    seen = []

    def spy(docs, config, encoder=None):
        seen.append((config.w_meaning > 0, encoder is not None))
        return group_documents(docs, config, encoder=encoder)

    monkeypatch.setattr(api, "group_documents", spy)
    raws = [RawDocument(doc_id, f"{doc_id}.txt", text, title=title, published=published)
            for doc_id, title, text, published in FIRE[:2]]
    report = api.analyze_documents(raws, Settings().with_changes(group_meaning=meaning),
                                   parser=parser)
    assert seen == [(meaning, meaning)]
    assert [s.documents for s in report.stories] == [("fire-a", "fire-b")]


def test_ages_are_number_terms_of_their_own():
    from storycheck.grouping.config import FAMILIES

    def number_terms(text):
        counts = extract_counts(None, text)
        numbers = counts.table[1][counts.table[0] == FAMILIES.index("numbers")]
        return set(counts.hashes[numbers].tolist())

    age_16, age_3 = term_hashes(["a16"]).tolist(), term_hashes(["a3"]).tolist()
    assert age_16[0] in number_terms("A 16-year-old boy was shot on Elm Street.")
    assert age_16[0] in number_terms("The boy, 16 years old, was shot on Elm Street.")
    assert age_3[0] in number_terms("Her 3-Year-Old daughter was unhurt.")
    assert not number_terms("The 1,000-year-old oak fell; 16 people watched.") & set(age_16)
