"""Frames: predicate and class, roles, time, place, polarity, modality and source."""
import datetime as dt

from storycheck.models import Document
from storycheck.steps.analyse import analyse_document
from storycheck.nlp.predicates import predicate_class
from storycheck.steps.segment import paragraphs


def frames_of(parser, text, published=None):
    doc = Document(id="d", source="d", text=text, published=published)
    claims = analyse_document(doc, parser.parse(paragraphs(doc))).claims
    assert all(doc.text[c.citation.start:c.citation.end] == c.citation.text for c in claims)
    for claim in claims:  # arguments cite the document too, inside the claim or not
        for arg in claim.frame.arguments:
            assert doc.text[arg.start:arg.end] == arg.text
    return claims


def roles(frame):
    return {a.role: a.text for a in frame.arguments}


def test_passive_with_by_agent_resolved_time_and_relative_pronoun(parser):
    claims = frames_of(parser, "Officials described an agreement with Norway, which was "
                               "cancelled by the new cabinet in 2024.")
    frame = claims[1].frame
    assert (frame.predicate, frame.predicate_class) == ("cancel", "end")
    assert roles(frame) == {"patient": "an agreement with Norway", "agent": "the new cabinet"}
    assert frame.time == "2024" and frame.polarity == "affirmed"
    assert frame.modality == "asserted" and frame.source is None


def test_relative_clause_is_about_the_noun_its_verb_agrees_with(parser):
    # The parser hangs "which was" on the nearest noun, "workers"; "was" says the
    # clause is about something singular: the pact.
    claims = frames_of(parser, "The plan builds on a 2019 pact with Iceland to hire and "
                               "resettle seasonal workers, which was cancelled by the new "
                               "cabinet in 2021.")
    assert claims[1].citation.text.startswith("which was cancelled")
    assert claims[1].about == "a 2019 pact with Iceland"
    assert roles(claims[1].frame)["patient"] == "a 2019 pact with Iceland"
    plural = frames_of(parser, "Officials met the parents of the missing hiker, who were "
                               "waiting at the ranger station all night.")
    assert plural[1].about == "the parents of the missing hiker"
    joined = frames_of(parser, "Police named Ana Ruiz and Tom Bell, who were arrested on "
                               "Friday after a chase.")
    assert joined[1].about == "Ana Ruiz and Tom Bell"
    single = frames_of(parser, "Police named the driver of the two vans, who was arrested "
                               "on Friday after a chase.")
    assert single[1].about == "the driver of the two vans"


def test_synonyms_of_an_ending_share_a_class(parser):
    text = ("The court struck down the ferry contract last year.\n"
            "The government scrapped the ferry contract in May.\n"
            "Ministers halted the ferry contract in March.")
    published = dt.datetime(2025, 6, 1)
    frames = [c.frame for c in frames_of(parser, text, published)]
    assert [f.predicate for f in frames] == ["strike down", "scrap", "halt"]
    assert {f.predicate_class for f in frames} == {"end"}
    assert [f.time for f in frames] == ["2024", "2025-05", "2025-03"]
    assert [roles(f)["agent"] for f in frames] == ["The court", "The government", "Ministers"]


def test_negation_by_not_and_by_negating_verb(parser):
    (claim,) = frames_of(parser, "The mayor did not sign the harbour budget.")
    assert claim.frame.polarity == "negated" and claim.frame.predicate == "sign"
    (claim,) = frames_of(parser, "The mayor refused to sign the harbour budget.")
    assert claim.frame.polarity == "negated" and claim.frame.predicate == "sign"
    assert roles(claim.frame) == {"agent": "The mayor", "patient": "the harbour budget"}
    (claim,) = frames_of(parser, "No passengers were hurt in the collision at Brindle pier.")
    assert claim.frame.polarity == "negated"
    assert claim.negated  # the claim says so too, though no cue word ("not") is in it
    (claim,) = frames_of(parser, "Nobody was arrested at Brindle pier.")
    assert claim.negated and claim.frame.polarity == "negated"
    (claim,) = frames_of(parser, "The mayor signed the harbour budget.")
    assert claim.frame.polarity == "affirmed" and not claim.negated


def test_hedges_modals_and_reported_speech(parser):
    (claim,) = frames_of(parser, "The minister may resign over the ferry contract.")
    assert claim.frame.modality == "hedged" and claim.frame.predicate == "resign"
    (claim,) = frames_of(parser, "The ferry contract is expected to end in the spring.")
    assert claim.frame.modality == "hedged" and claim.frame.predicate_class == "end"
    (claim,) = frames_of(parser, "The suspect reportedly fled across the border.")
    assert claim.frame.modality == "hedged"
    (claim,) = frames_of(parser, "Police said the suspect had fled to Canada.")
    frame = claim.frame
    assert (frame.predicate, frame.predicate_class, frame.modality, frame.source) == (
        "flee", "move", "reported", "Police")
    assert frame.place is None  # "to Canada" is a destination, not where it happened
    (claim,) = frames_of(parser, "The man was arrested in Leeds on Friday, police said.")
    frame = claim.frame
    assert (frame.predicate_class, frame.source, frame.place) == ("arrest", "police", "Leeds")
    assert roles(frame) == {"patient": "The man"}


def test_participial_and_coordinated_clauses_take_the_shared_subject(parser):
    claims = frames_of(parser, "A gunman opened fire in a crowded bar in Denver, injuring "
                               "three people before police arrived.")
    assert claims[0].frame.predicate_class == "harm" and claims[0].frame.place == "Denver"
    assert claims[1].about == "A gunman"
    assert roles(claims[1].frame) == {"agent": "A gunman", "patient": "three people"}
    claims = frames_of(parser, "The council approved the harbour budget on Tuesday and "
                               "rejected a proposal to close the old ferry terminal.")
    assert roles(claims[1].frame)["agent"] == "The council"
    assert claims[1].frame.predicate == "reject"


def test_pronoun_and_the_deal_are_resolved_within_the_paragraph(parser):
    claims = frames_of(parser, "The ferry deal was signed in 2022. It was struck down by "
                               "the Supreme Court in 2023.\nThe minister defended the deal.")
    assert claims[1].about == "The ferry deal"
    assert roles(claims[1].frame) == {"patient": "It", "agent": "the Supreme Court"}
    assert claims[2].about is None  # the next paragraph does not look back
    claims = frames_of(parser, "Lena Obi opened the new bridge in Portvale. She thanked "
                               "the builders for their work.")
    assert claims[1].about == "Lena Obi"


def test_copula_predicate_and_unknown_verbs_fall_back_to_their_lemma(parser):
    (claim,) = frames_of(parser, "The harbour master was absent from the meeting.")
    assert claim.frame.predicate == "absent"
    assert roles(claim.frame) == {"theme": "The harbour master"}
    assert predicate_class("flabbergast") == "flabbergast"
    assert predicate_class("Kill") == "harm"



def test_second_reported_clause_keeps_its_speaker(parser):
    claims = frames_of(parser, "Mara Velde said the ferry had stopped running on Monday, and "
                               "that the harbour would reopen in June.")
    assert [c.citation.text for c in claims] == [
        "Mara Velde said the ferry had stopped running on Monday",
        "that the harbour would reopen in June."]
    assert [c.frame.source for c in claims] == ["Mara Velde", "Mara Velde"]
    assert [c.frame.predicate_class for c in claims] == ["end", "begin"]


def test_that_deal_is_resolved_like_the_deal(parser):
    claims = frames_of(parser, "Norway signed a fishing deal with Iceland in 2019. However, "
                               "that deal was cancelled by the new cabinet in 2021.")
    assert claims[1].about == "a fishing deal with Iceland"


def test_the_deal_can_stand_for_an_earlier_agreement_but_not_for_any_noun(parser):
    claims = frames_of(parser, "Norway signed an agreement with Iceland in 2019. However, "
                               "the deal was cancelled by the new cabinet in 2021.")
    assert claims[1].about == "an agreement with Iceland"
    other = frames_of(parser, "Norway built a bridge to Iceland in 2019. However, "
                              "the deal was cancelled by the new cabinet in 2021.")
    assert other[1].about is None


def test_a_source_named_by_according_to_or_by_a_pronoun(parser):
    claims = frames_of(parser, "According to the harbour master, the ferry will not run "
                               "before June.")
    assert claims[0].frame.source == "the harbour master"
    assert claims[0].frame.modality == "reported"
    claims = frames_of(parser, "Mara Velde runs the ferry line. She said the harbour would "
                               "reopen in June.")
    assert claims[-1].frame.source == "Mara Velde"


def test_a_speech_verb_before_the_event_names_no_speaker(parser):
    (claim,) = frames_of(parser, "Although no contract has been confirmed, the port plans a "
                                 "new quay.")
    assert claim.frame.source is None and claim.frame.modality == "asserted"
    (said,) = frames_of(parser, "The port plans a new quay, the harbour master confirmed.")
    assert said.frame.source == "the harbour master" and said.frame.modality == "reported"
