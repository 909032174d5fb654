"""Surface features of the pair judge on sentences written for these tests."""
from storycheck.nlp.surface import SURFACE_FEATURES, surface, surface_features


def features(a: str, b: str) -> dict[str, float]:
    return dict(zip(SURFACE_FEATURES, surface_features(surface(a), surface(b))))


def test_one_wording_shares_everything():
    row = features("The ferry left the harbour at dawn.", "the ferry left the harbour at dawn.")
    assert all(value == 1.0 for value in row.values())


def test_swapped_roles_share_the_words_but_not_their_order():
    swapped = features("The council sued the water company.",
                       "The water company sued the council.")
    kept = features("The council sued the water company.",
                    "The council sued the water company again.")
    assert swapped["words2_shared"] < kept["words2_shared"]
    assert swapped["subsequence_shared"] < kept["subsequence_shared"]


def test_the_features_do_not_depend_on_which_sentence_comes_first():
    a = "Rescuers pulled two hikers from the ravine on Sunday."
    b = "Two hikers were pulled from a ravine by rescuers."
    assert surface_features(surface(a), surface(b)) == surface_features(surface(b), surface(a))


def test_a_short_headline_inside_a_long_sentence_shares_little_of_it():
    row = features("Museum reopened", "After two years of repairs, the city museum reopened.")
    assert row["words2_shared"] < 0.2 and row["subsequence_shared"] < 0.3


def test_empty_or_one_word_text_gives_zeros_not_an_error():
    assert surface_features(surface(""), surface("Anything at all.")) == [0.0] * len(SURFACE_FEATURES)
    assert features("Yes", "Yes")["words2_shared"] == 0.0
