"""Invented articles for the store tests: a ferry fire (three outlets) and a
library vote (two), and helpers to feed them in."""
from __future__ import annotations

import datetime as dt
import json

from storycheck import RawDocument

from .conftest import query, write

D = dt.datetime

# --- invented articles: a ferry fire (three outlets) and a library vote (two) ---

FERRY = [
    RawDocument(
        id="ferry-1", source="feed", outlet="Tidewater Gazette", url="https://tidewater.example/ferry",
        title="Fire on Corran Isle ferry forces 212 passengers to evacuate",
        published=D(2025, 6, 2, 8, 0),
        text="A fire broke out in the engine room of the Corran Isle ferry Merrow Bell on Sunday "
             "evening, forcing all 212 passengers onto lifeboats, the Corran Ferry Company said. "
             "Captain Idris Pell said the blaze started at about 7.15pm, twenty minutes after the "
             "ship left Ardmuir harbour.\n\nCoastguard vessels from Ardmuir towed the ferry back "
             "to port overnight. Four crew members were treated for smoke inhalation at Ardmuir "
             "Infirmary. The company has cancelled all Merrow Bell crossings until Friday."),
    RawDocument(
        id="ferry-2", source="feed", outlet="Northshore Courier", url="https://northshore.example/merrow",
        title="Merrow Bell ferry fire: passengers rescued off Ardmuir",
        published=D(2025, 6, 2, 11, 30),
        text="Passengers on the Merrow Bell were taken off by lifeboat after fire swept through its "
             "engine room on Sunday, the Corran Ferry Company confirmed. The ferry had sailed from "
             "Ardmuir harbour shortly before the alarm was raised, according to captain Idris Pell."
             "\n\nCoastguard crews towed the stricken vessel to Ardmuir during the night. Four "
             "crew members needed hospital treatment after breathing in smoke."),
]
FERRY_LATER = RawDocument(
    id="ferry-3", source="feed", outlet="Islands Daily", url="https://islands.example/merrow-bell",
    title="Merrow Bell crossings halted after engine room fire",
    published=D(2025, 6, 3, 9, 0),
    text="The Corran Ferry Company has halted Merrow Bell crossings until Friday. There were "
         "212 people on board the ferry when fire broke out, officials said, and all of them "
         "reached the lifeboats.\n\nInvestigators from the "
         "marine accident board boarded the ship in Ardmuir harbour on Monday. Captain Idris Pell "
         "praised his crew, four of whom were treated for smoke inhalation.")
LIBRARY = [
    RawDocument(
        id="lib-1", source="feed", outlet="Fenwick Herald", url="https://fenwick.example/library",
        title="Fenwick council votes to keep Quarry Lane library open",
        published=D(2025, 6, 4, 18, 0),
        text="Fenwick borough council voted 31 to 9 on Wednesday to keep the Quarry Lane library "
             "open, reversing a plan to shut it in September. Councillor Maren Oduya, who led the "
             "campaign, said more than 4,000 residents had signed a petition.\n\nThe library will "
             "open on Saturdays again from July and receive a grant of 85,000 pounds for repairs."),
    RawDocument(
        id="lib-2", source="feed", outlet="Valley Post", url="https://valleypost.example/quarry-lane",
        title="Quarry Lane library saved after petition",
        published=D(2025, 6, 5, 7, 0),
        text="The Quarry Lane library in Fenwick has been saved from closure after councillors "
             "backed it by 31 votes to 9. Maren Oduya said the 4,000-signature petition showed how "
             "much the branch mattered.\n\nSaturday opening returns in July, and 85,000 pounds "
             "will go on repairing the roof, the borough said."),
]


def jsonl(path, docs, **extra):
    lines = []
    for d in docs:
        record = {"id": d.id, "title": d.title, "outlet": d.outlet, "url": d.url, "text": d.text,
                  "published": d.published.isoformat() if d.published else None, **extra}
        lines.append(json.dumps(record))
    return write(path, "\n".join(lines) + "\n")


def count(db, table):
    return query(db, f"SELECT COUNT(*) FROM {table}")[0][0]
