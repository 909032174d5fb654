"""The directional support model: does a passage state all of a claim?"""
from __future__ import annotations

import pytest

from storycheck.nlp.support import (SUPPORT_FEATURES, SupportModel, support_features,
                                    support_scores)
from storycheck.steps.analyse import claims_from_texts
from storycheck.steps.retrieve import ClaimIndex

CLAIM = "Priya Halvorsen, 37, died in the ferry fire at Tarrow Quay."
LONGER = ("Harbour police named the woman who died in Saturday's ferry fire at Tarrow Quay "
          "as Priya Halvorsen, 37, a nurse from Ellisport.")
OTHER_AGE = "Priya Halvorsen, 52, died in the ferry fire at Tarrow Quay."
UNRELATED = "The Ellisport council will vote on a new bus timetable next month."


@pytest.fixture(scope="module")
def claims(parser):
    return dict(zip(("claim", "longer", "other_age", "unrelated"),
                    claims_from_texts([CLAIM, LONGER, OTHER_AGE, UNRELATED],
                                      parser)))


def test_packaged_model_reads_and_refuses_other_features():
    model = SupportModel.packaged()
    assert len(model.weights) == len(SUPPORT_FEATURES) and 0 < model.threshold < 1
    assert SupportModel.from_dict(model.to_dict()).threshold == model.threshold
    with pytest.raises(ValueError, match="retrain"):
        SupportModel.from_dict({**model.to_dict(), "features": ["bias"]})


def test_features_are_directional(judge, claims):
    index = ClaimIndex.build(list(claims.values()), judge.encoder.encode)
    pairs = [(claims["claim"], claims["longer"]), (claims["longer"], claims["claim"])]
    rows = support_features(judge, pairs, index.idf)
    covered = SUPPORT_FEATURES.index("claim_covered")
    names = SUPPORT_FEATURES.index("names_covered")
    length = SUPPORT_FEATURES.index("length_ratio")
    # the longer passage holds nearly all the claim; the claim holds little of it
    assert rows[0, covered] > 0.8 > rows[1, covered]
    assert rows[0, names] == 1.0 and rows[0, length] > 0 > rows[1, length]


def test_scores_rank_a_passage_that_states_the_claim_first(judge, claims):
    index = ClaimIndex.build(list(claims.values()), judge.encoder.encode)
    passages = ("longer", "other_age", "unrelated")
    scores = support_scores(judge, SupportModel.packaged(),
                            [(claims["claim"], claims[p]) for p in passages], index.idf)
    by_passage = dict(zip(passages, scores.tolist()))
    assert by_passage["longer"] >= SupportModel.packaged().threshold
    assert by_passage["unrelated"] < SupportModel.packaged().threshold
    # a passage without the claim's figure, or its names, cannot state it
    assert by_passage["other_age"] == 0.0 and by_passage["unrelated"] == 0.0
    assert support_features(judge, [], index.idf).shape == (0, len(SUPPORT_FEATURES))


def test_a_longer_passage_also_supports_the_group_whose_claim_it_states(judge, claims):
    from storycheck.steps.stated_within import stated_within

    groups = [[claims["claim"]], [claims["longer"]], [claims["other_age"]], [claims["unrelated"]]]
    shown = [g[0] for g in groups]
    extra = stated_within(list(claims.values()), groups, shown, judge, threshold=0.4)
    assert claims["longer"] in extra[0]  # states the death, name, age and place
    assert extra[2] == [] and extra[3] == []  # lacks the age 52; says nothing of the kind
    assert all(c.citation.document != g[0].citation.document for g, e in zip(groups, extra)
               for c in e)
    assert stated_within([], [], [], judge, 0.4) == []
