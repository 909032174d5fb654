"""The pair judge on sentences written for these tests."""
import pytest

from storycheck.models import Quantity
from storycheck.steps.analyse import claims_from_texts
from storycheck.nlp.judge import FEATURES, JudgeModel
from storycheck.nlp.quantities import quantities_agree


@pytest.fixture(scope="module")
def judged(parser, judge):
    def run(a: str, b: str):
        first, second = claims_from_texts([a, b], parser)
        return judge.judge_pairs([(first, second)])[0]

    return run


def test_a_paraphrase_in_other_words_is_the_same_proposition(judged):
    result = judged("The mayor closed the old bridge to all traffic on Monday.",
                    "On Monday the mayor shut the old bridge to every vehicle.")
    assert result.relation == "same"
    assert result.probability > 0.5


def test_sentences_on_other_matters_are_not_the_same(judged):
    result = judged("The mayor closed the old bridge to all traffic on Monday.",
                    "The city orchestra will tour four countries next spring.")
    assert result.relation == "unrelated"
    assert result.probability < 0.2


def test_one_frame_with_another_figure_is_a_conflict(judged):
    result = judged("The storm destroyed 40 homes in the valley, officials said.",
                    "The storm destroyed 65 homes in the valley, officials said.")
    assert result.relation == "conflict"
    assert [(d.kind, d.value_a, d.value_b) for d in result.differs] == [
        ("number", "40 homes", "65 homes")]


def test_one_frame_with_another_year_is_a_conflict(judged):
    result = judged("The ferry contract with Dovrey was cancelled by the court in 2021.",
                    "The ferry contract with Dovrey was cancelled by the court in 2022.")
    assert result.relation == "conflict"
    assert {d.kind for d in result.differs} == {"date"}


def test_a_related_pair_of_one_event_carries_its_differing_values(judge, parser):
    from storycheck.nlp.judge import differences
    a, b = claims_from_texts(["Twelve lorries crossed the Harlow Bridge before it shut.",
                              "Nine lorries crossed the bridge on Monday before it shut."], parser)
    assert differences(a, b)  # the counts differ
    model = judge.model
    one_event = judge._judgement(a, b, 0.05, model.frame_threshold + 0.1,
                                 model.align_threshold - 0.1, 0.5)
    assert one_event.relation == "related" and [d.kind for d in one_event.differs] == ["number"]
    near_only = judge._judgement(a, b, 0.05, model.frame_threshold - 0.1,
                                 model.align_threshold - 0.1, 0.9)
    assert near_only.relation == "related" and near_only.differs == ()
    paraphrase = judge._judgement(a, b, 0.99, 0.1, 0.0, 0.9)
    assert paraphrase.relation == "same" and paraphrase.differs == ()


def test_different_sums_for_different_things_are_no_number_dispute(judged):
    result = judged("Halvorsen paid $200 million for the small design studio Quillmark.",
                    "Investors paid $1 billion for the shares of the shipping group Ostrava.")
    assert result.relation != "conflict"


def test_approximate_figures_that_agree_are_no_clash():
    exact = Quantity(0, 11, "5.9 million", 5.9e6, "people")
    almost = Quantity(0, 16, "almost 6 million", 6e6, "people", "almost")
    six = Quantity(0, 9, "6 million", 6e6, "people")
    assert quantities_agree(exact, almost)
    assert not quantities_agree(exact, six)


def test_a_figure_written_with_fewer_digits_is_the_other_rounded():
    def quantity(text, value, unit):
        return Quantity(0, len(text), text, value, unit)
    assert quantities_agree(quantity("0.8 per cent", 0.8, "percent"),
                            quantity("0.81 percent", 0.81, "percent"))
    assert quantities_agree(quantity("4 percent", 4, "percent"),
                            quantity("3.8 percent", 3.8, "percent"))
    assert quantities_agree(quantity("5.9 million", 5.9e6, "people"),
                            quantity("5.94 million", 5.94e6, "people"))
    assert not quantities_agree(quantity("$31.29", 31.29, "USD"), quantity("$31.20", 31.2, "USD"))
    assert not quantities_agree(quantity("28 people", 28, "people"),
                                quantity("27 people", 27, "people"))


def test_weights_for_other_features_are_refused():
    data = JudgeModel.packaged().to_dict()
    assert data["features"] == list(FEATURES)
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        JudgeModel.from_dict(data)


def test_yet_to_reads_as_negated_so_two_wordings_of_one_fact_agree(judged, parser):
    first, second = claims_from_texts(["The terms of the deal have not been settled.",
                                       "The terms of the deal have yet to be settled."], parser)
    assert first.negated and second.negated
    assert judged("The terms of the deal have not been settled.",
                  "The terms of the deal have yet to be settled.").relation == "same"


def test_two_actors_clash_only_when_neither_claim_names_the_other(parser):
    from storycheck.nlp.judge import differences
    by_title, by_name, other = claims_from_texts([
        "The plan was approved by Norway's fisheries minister, Ingrid Solberg, on Friday.",
        "Fisheries Minister Ingrid Solberg approved the plan on Friday.",
        "The Coastal Authority approved the plan on Friday."], parser)
    assert "agent" not in {d.kind for d in differences(by_title, by_name)}
    assert "agent" in {d.kind for d in differences(by_name, other)}


def test_a_number_that_counts_nothing_named_is_no_value_to_dispute(parser):
    from storycheck.nlp.judge import differences
    part, total, other = claims_from_texts([
        "Dana Voss was one of seven sailors rescued off Brindle Point on Sunday.",
        "Rescuers pulled three of them from the water off Brindle Point on Sunday.",
        "Rescuers pulled four sailors from the water off Brindle Point on Sunday."], parser)
    assert "number" not in {d.kind for d in differences(part, total)}  # "one" and "three" of what?
    assert not differences(total, other)
    assert [(d.kind, d.value_a, d.value_b) for d in differences(part, other)] == [
        ("number", "seven sailors", "four sailors")]  # a count of sailors is compared


def test_values_of_different_kinds_of_event_do_not_clash(parser):
    from storycheck.nlp.judge import differences
    signed, ended, ended_later, happened, shot = claims_from_texts([
        "In 2019 the Coastal Authority signed a ferry contract with Brennholt.",
        "The ferry contract with Brennholt was cancelled by the port court in 2023.",
        "The ferry contract with Brennholt was cancelled by the port court in 2024.",
        "The shooting happened at about 2 a.m. on Sunday, police said.",
        "Two men were shot at about 4 a.m. on Sunday outside the bar."], parser)
    assert (signed.frame.predicate_class, ended.frame.predicate_class) == ("agree", "end")
    assert not differences(signed, ended)  # a signing's year does not date the end
    assert [d.kind for d in differences(ended, ended_later)] == ["date"]
    # "happened" fits any event: its time is the shooting's
    assert [d.kind for d in differences(happened, shot)] == ["time"]


def test_two_places_clash_only_when_neither_claim_names_the_other(parser):
    from storycheck.nlp.judge import differences
    town, region, elsewhere = claims_from_texts([
        "Four hikers were rescued in Dayton, Ohio, on Sunday.",
        "Four hikers were rescued in Ohio on Sunday.",
        "Four hikers were rescued in Toledo on Sunday."], parser)
    assert (town.frame.place, region.frame.place, elsewhere.frame.place) == (
        "Dayton", "Ohio", "Toledo")
    assert "place" not in {d.kind for d in differences(town, region)}  # one place, two scales
    assert [(d.kind, d.value_a, d.value_b) for d in differences(town, elsewhere)] == [
        ("place", "Dayton", "Toledo")]
