"""Quotes and their speakers, on sentences written for these tests."""
import pytest

from storycheck.models import Document, Entity
from storycheck.steps.analyse import analyse_document
from storycheck.steps.quotes import find_quotes, quoted_spans
from storycheck.steps.segment import paragraphs


def tagged(text, *names, label="PERSON"):
    """An entity for every occurrence of each name (a longer name wins)."""
    found = []
    for name in sorted(names, key=len, reverse=True):
        at = text.find(name)
        while at >= 0:
            if not any(e.start <= at < e.end for e in found):
                found.append(Entity(at, at + len(name), name, label))
            at = text.find(name, at + 1)
    return found


def speakers(text, entities=()):
    quotes = find_quotes("d", text, list(entities))
    assert all(text[q.citation.start:q.citation.end] == q.citation.text for q in quotes)
    return {q.citation.text.strip(' ,.'): q.speaker for q in quotes}


def test_named_speaker_pronoun_and_surname():
    text = ('Harbour chief Lena Obi spoke first. "The pier is safe to use again," Obi said. '
            '"We checked every beam twice," she added.\n'
            'Mayor Tom Reyes said: "Traffic will resume tomorrow morning."')
    assert speakers(text, tagged(text, "Lena Obi", "Obi", "Tom Reyes")) == {
        "The pier is safe to use again": "Lena Obi",
        "We checked every beam twice": "Lena Obi",
        "Traffic will resume tomorrow morning": "Tom Reyes"}


@pytest.mark.parametrize("text", [
    '"The levee held," said Mira Holt, the director of the Flood Agency.',
    '"The levee held," Mira Holt, the director of the Flood Agency, said.',
    '"The levee held," Mira Holt told reporters on Friday.',
    'According to Mira Holt, "the levee held in every district."',
])
def test_speaker_after_before_and_around_an_apposition(text):
    entities = tagged(text, "Mira Holt") + tagged(text, "the Flood Agency", label="ORG")
    assert list(speakers(text, entities).values()) == ["Mira Holt"]


def test_title_before_the_name_and_said_in_a_statement():
    text = '"Nobody was hurt," Commissioner Ruth Abara said in a statement.'
    assert speakers(text, tagged(text, "Ruth Abara")) == {"Nobody was hurt": "Ruth Abara"}
    # the NER model missed the name: capitalised words after the titles
    assert speakers(text) == {"Nobody was hurt": "Ruth Abara"}
    text = '"We will rebuild the bridge," said Foreign Minister Pavel Orin of Tessaly.'
    assert speakers(text) == {"We will rebuild the bridge": "Pavel Orin"}
    text = '"Stay indoors tonight," Sgt. Carl Dunne told residents.'
    assert speakers(text) == {"Stay indoors tonight": "Carl Dunne"}


def test_no_name_from_a_common_word_or_a_pronoun():
    text = 'Officials said: "The road stays closed until Monday."\n"It is over," they said.'
    assert speakers(text) == {"The road stays closed until Monday": None, "It is over": None}
    text = '"It was very loud," a neighbour said. Kim Tarr\'s lawyer said: "He is innocent."'
    assert speakers(text, tagged(text, "Kim Tarr")) == {"It was very loud": None,
                                                        "He is innocent": None}


def test_she_said_goes_to_the_subject_not_the_nearest_name():
    text = ('Mayor Ann Lee met union leader Tom Burke on Monday. '
            '"We agreed on a plan for the yard," she said.')
    assert speakers(text, tagged(text, "Ann Lee", "Tom Burke")) == {
        "We agreed on a plan for the yard": "Ann Lee"}


def test_he_said_looks_back_past_sentences_without_a_name():
    text = ('Chief Omar Salas met the families of Lia Ko and Ben Ode. He spoke for an hour. '
            'He took questions.\n"We owe them answers," he said.')
    entities = tagged(text, "Omar Salas", "Lia Ko", "Ben Ode")
    assert speakers(text, entities) == {"We owe them answers": "Omar Salas"}


def test_the_title_goes_to_the_person_with_that_title():
    text = ('Sheriff Dana Wolk said two deputies were hurt. Their patrol partner Rob Venn '
            'drove them to hospital. "Both will recover," the sheriff said.')
    entities = tagged(text, "Dana Wolk", "Rob Venn")
    assert speakers(text, entities) == {"Both will recover": "Dana Wolk"}


def test_quote_over_paragraphs_named_in_either_part():
    later = ('Chief Omar Salas described the search.\n'
             '"We went door to door through the night.\n'
             '"By dawn we had found the boy," Salas said.')
    spans = quoted_spans(later)
    assert [s.continues for s in spans] == [False, True]
    assert speakers(later, tagged(later, "Omar Salas", "Salas")) == {
        "We went door to door through the night": "Omar Salas",
        "By dawn we had found the boy": "Omar Salas"}
    earlier = ('Lia Ko spoke at the vigil. "He was kind to everyone," said Ben Ode. '
               '"He fixed bikes for the whole street.\n"Nobody can replace him."')
    assert speakers(earlier, tagged(earlier, "Lia Ko", "Ben Ode")) == {
        "He was kind to everyone": "Ben Ode",
        "He fixed bikes for the whole street": "Ben Ode",
        "Nobody can replace him": "Ben Ode"}


def test_phrase_quoted_inside_reported_speech():
    text = ('Transport Minister Ana Duro stated that the canal repairs were at a "very early '
            'phase". Rui Tam described the plan as "reckless".')
    assert speakers(text, tagged(text, "Ana Duro", "Rui Tam")) == {
        "very early phase": "Ana Duro", "reckless": "Rui Tam"}


def test_unattributed_paragraph_continues_the_speaker_before_it():
    text = ('Ines Ruiz said the deal was fair to both towns.\n'
            '"Each side gave up something it wanted."')
    assert speakers(text, tagged(text, "Ines Ruiz")) == {
        "Each side gave up something it wanted": "Ines Ruiz"}


def test_organisations_speak():
    text = ('"The border stays open," the ministry said in a statement. '
            '"Flights resume at noon," Police said.')
    assert speakers(text) == {"The border stays open": "ministry", "Flights resume at noon": "Police"}
    text = '"Fares will not rise," the Harbour Transit Board said.'
    board = tagged(text, "the Harbour Transit Board", label="ORG")
    assert speakers(text, board) == {"Fares will not rise": "the Harbour Transit Board"}


def test_marks_mixed_and_titles_are_not_speech():
    text = 'She watched "Lantern Road" twice. “We are all fine," Eda Rahn said.'
    assert speakers(text, tagged(text, "Eda Rahn")) == {"We are all fine": "Eda Rahn"}


def test_surname_named_again_without_the_model_finding_it():
    text = ('Cpl. Marcus Pell said the gunmen fled. Pell said police found no weapons.\n'
            '"We do not know who fired first," he said.')
    # the model found the full name only; the later bare 'Pell' is still Pell
    assert speakers(text, tagged(text, "Marcus Pell")) == {
        "We do not know who fired first": "Marcus Pell"}


def test_speakers_with_the_real_model(parser):
    text = ('Fire chief Ada Brennan visited the plant on Tuesday. '
            '"The tank failed at its seam," Brennan said.\n'
            '"It should have been replaced years ago," she said. '
            '"Nobody checked the welds," said Jonas Keller, the union\'s safety officer.')
    doc = Document(id="d", source="d", text=text)
    analysed = analyse_document(doc, parser.parse(paragraphs(doc)))
    got = {q.citation.text.strip(" ,"): q.speaker for q in analysed.quotes}
    assert got == {"The tank failed at its seam": "Ada Brennan",
                   "It should have been replaced years ago": "Ada Brennan",
                   "Nobody checked the welds": "Jonas Keller"}


def test_unnamed_speakers_stay_unnamed():
    text = ('"The doors were locked," a staffer with the Harbour Gazette wrote. '
            '"We heard three shots," a friend of Kim Tarr said.')
    entities = tagged(text, "Kim Tarr") + tagged(text, "the Harbour Gazette", label="ORG")
    assert speakers(text, entities) == {"The doors were locked": None, "We heard three shots": None}


def test_she_after_an_unnamed_subject_is_not_the_last_name():
    text = ('Rafe Olden was shot twice. Olden\'s grandmother told reporters he was on the porch.\n'
            '"He was just sitting there," she said.')
    assert speakers(text, tagged(text, "Rafe Olden", "Olden")) == {"He was just sitting there": None}


def test_the_title_must_stand_before_the_name():
    # 'the sheriff said' shortly before a name does not make that name the sheriff
    text = ('Sheriff Dana Wolk spoke first. "Both will recover," the sheriff said. '
            'Nurse Ivy Moss treated them. "It was close," the sheriff said.')
    entities = tagged(text, "Dana Wolk", "Ivy Moss")
    assert speakers(text, entities) == {"Both will recover": "Dana Wolk", "It was close": "Dana Wolk"}


def test_a_verb_after_and_belongs_to_the_speaker_before_the_quote():
    text = 'Rosa Lind told the Herald, "The shots came from the stage," and described the panic.'
    assert speakers(text, tagged(text, "Rosa Lind")) == {"The shots came from the stage": "Rosa Lind"}


def test_a_place_or_a_compound_is_no_name():
    text = 'The Harlow-based promoter told the Herald: "It was chaos on the floor."'
    assert speakers(text) == {"It was chaos on the floor": None}


def test_a_possessive_thing_is_no_subject_but_a_possessive_relative_is():
    text = ('Vera Lund spoke on Monday. "We will act," she said.\n'
            'Lund\'s remarks drew applause. She stated that the plan was "long overdue".')
    assert speakers(text, tagged(text, "Vera Lund", "Lund")) == {
        "We will act": "Vera Lund", "long overdue": "Vera Lund"}


def test_the_unnamed_spokesperson_is_nobody_named_before():
    text = ('Premier Alan Voss met the envoy. The spokesperson stressed the need to end the '
            '"cycle of delay".')
    assert speakers(text, tagged(text, "Alan Voss")) == {"cycle of delay": None}


def test_a_phrase_praised_or_thanked_for_is_the_subject_s_words():
    text = 'Minister Ana Duro thanked the mayor for his "steady hand" during the floods.'
    assert speakers(text, tagged(text, "Ana Duro")) == {"steady hand": "Ana Duro"}
