"""The Markdown brief and the self-contained HTML report (templates/): counts in
words, claims by strength, copies that do not count."""
from __future__ import annotations

from .test_present import story_page
from .test_report_json import sample_report
from storycheck.outputs import to_html, to_markdown


def test_counts_read_as_words():
    brief = to_markdown(sample_report())
    assert "*2 reports from 2 outlets ·" in brief
    assert "| 1 line removed |" in brief


def test_established_claims_by_independent_sources_with_copies_named():
    brief = to_markdown(story_page().report)
    established = brief.split("## Established by independent sources")[1].split("##")[0]
    lines = [line for line in established.splitlines() if line.startswith("- ")]
    assert [line.rsplit("`", 2)[1] for line in lines] == ["c2", "c1"]
    assert "not counted: Daily Digest, copy of another source" in lines[1]


def test_html_report_marks_copy_chips():
    page = to_html(story_page().report)
    assert page.count("· copy, not counted") == 2
    assert "a copy of Brennock Post: not counted as an independent source" in page
    established = page.split("Established by independent sources")[1].split("</ul>")[0]
    assert established.index("tram depot closed") < established.index("Buses replace")


def test_what_a_claim_is_about_stands_in_brackets_before_its_words():
    report = sample_report()
    claim = report.stories[0].claims[0]
    assert f"\\[the Harrowgate works\\] {claim.text}" in to_markdown(report)  # escaped: no link
    assert f"[the Harrowgate works] {claim.text}" in to_html(report)


def test_one_person_named_several_ways_is_one_speaker_heading():
    import dataclasses

    from storycheck.models import Citation, Quote
    from storycheck.outputs.brief import same_speakers

    assert same_speakers({"Olivier J.P. Okoro", "Olivier Okoro", "Okoro", "Dana Reyes",
                          "Sam Reyes", "Reyes"}) == {
        "Olivier J.P. Okoro": "Olivier J.P. Okoro", "Olivier Okoro": "Olivier J.P. Okoro",
        "Okoro": "Olivier J.P. Okoro",  # the one fuller name ending in it
        "Dana Reyes": "Dana Reyes", "Sam Reyes": "Sam Reyes",
        "Reyes": "Reyes"}  # two people could be meant: left as written
    report = sample_report()
    story = report.stories[0]
    quotes = tuple(Quote(Citation(story.documents[0], 0, 5, "words"), name)
                   for name in ("Olivier J.P. Okoro", "Olivier Okoro"))
    brief = to_markdown(dataclasses.replace(
        report, stories=(dataclasses.replace(story, quotes=quotes),)))
    assert "**Olivier J.P. Okoro**" in brief and "**Olivier Okoro**" not in brief
