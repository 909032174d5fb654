from storycheck.models import RawDocument
from storycheck.steps.clean import clean_document, is_truncated


def clean(text, title=None):
    return clean_document(RawDocument(id="d", source="d", text=text, title=title))


def reasons(doc):
    return {r.text: r.reason for r in doc.removed}


def test_promos_social_and_repeated_headline_removed():
    doc = clean(
        "Harbour Tunnel Opens After Delay\n"
        "Harbour Tunnel Opens After Delay\n"
        "The new harbour tunnel opened to traffic on Friday, two years late.\n"
        "Also Read: Ten Things To Do In Portvale This Summer\n"
        "Engineers said the delay was caused by flooding in the main shaft.\n"
        "Follow us on Instagram for more city news.\n"
        "Subscribe to our newsletter to get the latest updates.\n"
        "Instagram: @portvalenews\n"
        "TikTok: @portvale.daily\n"
        "Facebook: Portvale Daily News Page\n",
        title="Harbour Tunnel Opens After Delay")
    got = reasons(doc)
    assert got["Harbour Tunnel Opens After Delay"] == "repeated-headline"
    assert got["Also Read: Ten Things To Do In Portvale This Summer"] == "promo"
    assert got["Follow us on Instagram for more city news."] == "promo"
    assert got["Subscribe to our newsletter to get the latest updates."] == "promo"
    assert got["Instagram: @portvalenews"] == "social"
    assert got["TikTok: @portvale.daily"] == "social"
    assert got["Facebook: Portvale Daily News Page"] == "social"
    assert doc.text == ("The new harbour tunnel opened to traffic on Friday, two years late.\n"
                        "Engineers said the delay was caused by flooding in the main shaft.")
    assert not doc.truncated


def test_section_heading_byline_and_dateline():
    doc = clean(
        "By Ana Ruiz, Staff Writer\n"
        "PORTVALE, May 4 (Coastwire) - The city council approved the budget on Monday night.\n"
        "Questions Over Costs\n"
        "Several members said the tunnel had cost far more than the council was first told.\n")
    got = reasons(doc)
    assert got["By Ana Ruiz, Staff Writer"] == "byline"
    assert got["Questions Over Costs"] == "section-heading"
    assert got["PORTVALE, May 4 (Coastwire) -"] == "dateline"
    assert doc.author == "Ana Ruiz"
    assert doc.text.startswith("The city council approved the budget on Monday night.")


def test_a_short_final_line_is_not_a_heading():
    doc = clean("The council met for three hours and argued about the tunnel.\nThe mayor said the")
    assert doc.removed == ()
    assert doc.truncated


def test_bullets_kept_as_summary_without_marker():
    doc = clean("- The tunnel opened two years late.\n• Flooding caused the delay.\n"
                "The tunnel opened on Friday after flooding delayed work for two years.")
    assert doc.text.splitlines()[0] == "The tunnel opened two years late."
    assert [doc.text[s.start:s.end] for s in doc.summary] == [
        "The tunnel opened two years late.", "Flooding caused the delay."]


def test_truncation():
    assert is_truncated("The mayor said that the")
    assert is_truncated("The mayor said that…")
    assert not is_truncated('The mayor said "it is done."')
    assert not is_truncated("It opened (finally).")
