from storycheck.models import RawDocument
from storycheck.steps.clean import clean_document, is_truncated


def clean(text, title=None):
    return clean_document(RawDocument(id="d", source="d", text=text, title=title))


def reasons(doc):
    return {r.text: r.reason for r in doc.removed}


def assert_only_body_kept(lines: dict[str, str]) -> None:
    """Each of ``lines`` is removed with its reason; the one real sentence stays."""
    body = "The tunnel reopened on Monday after a week of repairs to the pumps."
    doc = clean(body + "\n" + "\n".join(lines))
    assert reasons(doc) == lines
    assert doc.text == body


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


def test_sentences_mentioning_sign_up_are_kept_but_calls_to_action_go():
    doc = clean(
        "Residents who want the new bin service can sign up at the town hall before June.\n"
        "- Sign up for the weekly collection plan at the library desk\n"
        "Sign up for our Morning Harbour newsletter.\n"
        "Get the week's top Portvale stories delivered to your inbox.\n"
        "Click here to read our full coverage.\n"
        "The council expects about four thousand homes to join the scheme this year.\n")
    got = reasons(doc)
    assert "Residents who want the new bin service can sign up" in doc.text
    assert "Sign up for the weekly collection plan at the library desk" in doc.text
    assert got["Sign up for our Morning Harbour newsletter."] == "promo"
    assert got["Get the week's top Portvale stories delivered to your inbox."] == "promo"
    assert got["Click here to read our full coverage."] == "promo"


def test_lines_sending_readers_to_the_outlets_pages_removed_but_reports_of_visits_kept():
    doc = clean(
        "The minister will visit the flooded districts of Harwick on Thursday.\n"
        "Volunteers who join the clean-up can register at the community centre.\n"
        "To learn more about these cases, visit Portvale Legal's social media pages and join "
        "our free evening sessions every Tuesday.\n"
        "For daily updates, check out our podcast and follow our channel.\n"
        "Officials said the river had fallen by half a metre overnight.\n")
    got = reasons(doc)
    assert "The minister will visit the flooded districts" in doc.text
    assert "Volunteers who join the clean-up can register" in doc.text
    assert got["To learn more about these cases, visit Portvale Legal's social media pages and "
               "join our free evening sessions every Tuesday."] == "promo"
    assert got["For daily updates, check out our podcast and follow our channel."] == "promo"
    assert doc.text.endswith("Officials said the river had fallen by half a metre overnight.")


def test_credits_and_contact_lines_removed():
    lines = {
        "(Reporting by Ana Ruiz and Tomas Berg; Editing by Lena Voss)": "credit",
        "Additional reporting by Piet Marek in Harwick.": "credit",
        "Mira Chen contributed reporting from Eastford.": "credit",
        "Coastwire reporters Ana Ruiz and Tomas Berg contributed to this report.": "credit",
        "Have a tip? Ana Ruiz may be reached at aruiz@portvale-daily.example.": "contact",
        "aruiz@portvale-daily.example": "contact",
        "Write to Tomas Berg at tberg@coastwire.example": "contact",
        "Follow Portvale Daily on Facebook, Twitter and Instagram.": "social",
        "Follow Coastwire's full coverage of the tunnel at https://coastwire.example/tunnel": "social",
        "Reach the reporter on Twitter at https://twitter.com/anaruiz_pv": "social",
    }
    assert_only_body_kept(lines)


def test_sentences_about_social_networks_are_kept():
    body = ("Like many residents on Facebook, she complained about the noise.\n"
            "Follow-up talks with the contractor are planned for Friday.\n"
            "The mayor posted the figures on Twitter late on Sunday evening.")
    assert clean(body).text == body


def test_related_links_header_and_its_items_removed():
    doc = clean(
        "The ferry service will resume on Tuesday, the operator said.\n"
        "You may also like:\n"
        "Portvale Ferry Fares To Rise In Spring\n"
        "- Five Islands You Can Reach By Boat\n"
        "Why The Old Pier Is Closing [VIDEO]\n"
        "Passengers with tickets for the cancelled sailings will get a refund, it added.\n")
    got = reasons(doc)
    assert got["You may also like:"] == "promo"
    assert got["Portvale Ferry Fares To Rise In Spring"] == "related-link"
    assert got["- Five Islands You Can Reach By Boat"] == "related-link"
    assert got["Why The Old Pier Is Closing [VIDEO]"] == "promo"  # a teaser either way
    assert doc.text.endswith("Passengers with tickets for the cancelled sailings will get a refund, it added.")


def test_teasers_tags_reprints_shortcodes_and_photo_credits_removed():
    lines = {
        "Harbour Crane Collapses In Storm [PICTURES]": "promo",
        "[Related: Portvale Council Approves Budget]": "promo",
        "- Order Reprints": "promo",
        "Print Article": "promo",
        "Like this story? Share it with a friend!": "promo",
        "[button link=\"https://example.invalid/form\" type=\"big\"]Send us your story[/button]": "debris",
        "Filed under: Transport, Portvale": "metadata",
        "Tags: tunnel, council, budget": "metadata",
        "The flooded shaft in April. (credit: Portvale Council)": "photo-credit",
        "Lanterns on the quay, photos © Mira Chen, 2024": "photo-credit",
        "An error has occurred, please try again later.": "debris",
    }
    assert_only_body_kept(lines)


def test_layout_debris_stripped_from_kept_lines():
    doc = clean("| | The pumps failed twice in March, engineers said. |\n"
                "Every delay costs the city money.Click To Tweet\n"
                "| Year | Cost |\n")
    lines = doc.text.split("\n")
    assert lines[0] == "The pumps failed twice in March, engineers said."
    assert lines[1] == "Every delay costs the city money."
    assert lines[2] == "| Year | Cost |"  # a table row keeps its pipes


def test_heading_detector_spares_lead_ins_lists_and_handles():
    doc = clean(
        "The band announced its summer tour on Monday.\n"
        "Here's the thing:\n"
        "Tickets go on sale on Friday and the cheapest seats cost forty dollars each.\n"
        "Tour dates:\n"
        "June 3 -- Harbour Arena, Portvale\n"
        "June 9 -- Civic Hall, Eastford, with special guests\n"
        "June 14 -- Riverside Park Amphitheatre, Harwick, outdoor show\n"
        "The Next Stage\n"
        "The band said it would record a new album after the tour ended.\n")
    got = reasons(doc)
    assert got == {"The Next Stage": "section-heading"}


def test_short_repeated_lines_are_structure_but_doubled_lines_go():
    doc = clean(
        "Rest for one day.\nWalk for twenty minutes before breakfast and stretch afterwards.\n"
        "Rest for one day.\nWalk for thirty minutes before breakfast and stretch afterwards.\n"
        "The trainer said the plan suits beginners.\n"
        "The trainer said the plan suits beginners.\n")
    assert doc.text.count("Rest for one day.") == 2 and doc.text.count("Walk for") == 2
    assert doc.text.count("The trainer said") == 1
    assert reasons(doc)["The trainer said the plan suits beginners."] == "duplicate-line"


def test_salutation_is_not_a_dateline_and_bare_shop_link_kept():
    doc = clean("DEAR WORRIED: Your neighbour should not park across your drive.\n"
                "Tickets are sold at the venue's website.\n"
                "www.harbour-arena.example\n")
    assert doc.text.startswith("DEAR WORRIED: Your neighbour")
    assert "www.harbour-arena.example" in doc.text


# --- debris of real news pages -------------------------------------------------------

def test_page_widgets_and_video_prompts_removed_with_reasons():
    doc = clean(
        "Man hurt in Larchmere Road shooting Posted: Monday, May 12, 2025 7:05 AM EDT\n"
        "A man was wounded in a shooting on Larchmere Road early on Monday, police said.\n"
        "We have sent you a verification email. Please click the link in it to activate "
        "your account.\n"
        "Already have an account?\n"
        "Having trouble viewing the video? Try turning off your ad blocker.\n"
        "Hide Transcript Show Transcript\n"
        "Stay Informed, Follow Channel 9 On Twitter\n"
        "(© 2025 Channel 9)\n"
        "Close\n"
        "2:15 Council votes to rename the old ferry terminal\n"
        "The man was taken to Larchmere General Hospital in stable condition.\n")
    got = reasons(doc)
    assert got["We have sent you a verification email. Please click the link in it to "
               "activate your account."] == "account-prompt"
    assert got["Already have an account?"] == "account-prompt"
    assert got["Having trouble viewing the video? Try turning off your ad blocker."] \
        == "media-prompt"
    assert got["Hide Transcript Show Transcript"] == "media-prompt"
    assert got["Stay Informed, Follow Channel 9 On Twitter"] == "social"
    assert got["(© 2025 Channel 9)"] == "boilerplate"
    assert got["Close"] == "boilerplate"
    assert got["2:15 Council votes to rename the old ferry terminal"] == "promo"
    assert got["Man hurt in Larchmere Road shooting Posted: Monday, May 12, 2025 7:05 AM EDT"] \
        == "metadata"
    assert doc.text == ("A man was wounded in a shooting on Larchmere Road early on Monday, "
                        "police said.\nThe man was taken to Larchmere General Hospital in "
                        "stable condition.")


def test_alert_and_subscription_widgets_and_playlist_times_removed():
    widgets = {
        "Close Get email notifications on Tamsin Orde daily!": "account-prompt",
        "There was a problem saving your notification.": "account-prompt",
        "Whenever Tamsin Orde posts new content, you'll get an email with a link.":
            "account-prompt",
        "2 of 5 Premium Clicks used this month": "account-prompt",
        "Become a full access subscriber today.": "account-prompt",
        "Or, use your Google account:": "account-prompt",
        "The interactive transcript could not be loaded.": "media-prompt",
        "4:12": "promo",
        "1:05 'We will rebuild,' says owner of burned bakery": "promo",
        "0:58 Is the old U.S. mail depot haunted?": "promo",
        "Read or Share this story: https://news.example/s/4471": "promo",
        "READ: Why the ferry timetable keeps changing": "promo",
        "Previous story: Council delays vote on harbour wall": "promo",
        "Download as PDF:": "promo",
        "On a mobile device? Click here for the photo gallery.": "promo",
        "This is a developing story, stay with Channel 9 for more.": "boilerplate",
        "Contributing: Rhea Molyneux": "credit",
        "jpike@news.example or rmoly@news.example": "contact",
        "(555) 010-4477": "contact",
    }
    body = "A man was wounded in a shooting on Larchmere Road early on Monday, police said."
    doc = clean(body + "\n" + "\n".join(widgets))
    assert reasons(doc) == widgets
    assert doc.text == body


def test_other_stories_appended_after_a_header_removed():
    doc = clean(
        "Two teenagers were shot outside a school in Fennick on Friday, police said.\n"
        "Both were expected to survive.\n"
        "In other shootings:\n"
        "At 2 a.m. Saturday, a man was shot in the leg on Brisk Lane, police said.\n"
        "A woman was grazed by a bullet in Upper Hollin late on Saturday.\n")
    assert doc.text == ("Two teenagers were shot outside a school in Fennick on Friday, "
                        "police said.\nBoth were expected to survive.")
    assert [r.reason for r in doc.removed] == ["other-story"] * 3


def test_reporting_that_mentions_accounts_videos_and_times_is_kept():
    body = ("Police said the suspect had sent the victim a message from a fake account.\n"
            "A neighbour's video shows the car leaving at 10:40 p.m.\n"
            "10:30 Sunday night was when the first call came in, the dispatcher said.\n"
            "Officers asked anyone who saw the car to contact them.\n"
            "In other cases the department has made arrests within days.\n"
            "The school said an email has been sent to all parents.\n"
            "The bakery offers delivery options across the county.\n"
            "The county sends email notifications for road closures.\n"
            "Read the full statement on the council's website, the mayor said.\n"
            "She was contributing to a fund for the victims' families.")
    assert clean(body).text == body


def test_press_release_stamp_and_contact_block_removed():
    doc = clean(
        "DISTRICT 4 NEWS RELEASE\n"
        "Deputies arrested a 30-year-old man after a chase on Route 9 on Friday.\n"
        "He was booked into the county jail on a charge of reckless driving.\n"
        "Contact Information:\n"
        "Sgt. Remy Tallis\n"
        "Orrin County Sheriff's Office\n"
        "Office: (555) 201-4400\n"
        "www.orrinsheriff.example\n")
    assert reasons(doc) == {"DISTRICT 4 NEWS RELEASE": "metadata", "Contact Information:": "contact",
                            "Sgt. Remy Tallis": "contact", "Orrin County Sheriff's Office": "contact",
                            "Office: (555) 201-4400": "contact", "www.orrinsheriff.example": "contact"}
    assert doc.text.endswith("on a charge of reckless driving.")
    # reporting that mentions a release or a contact stays
    kept = ("The sheriff's office said in a news release that the man had been released.\n"
            "Anyone with information is asked to contact the sheriff's office.")
    assert clean(kept).text == kept
