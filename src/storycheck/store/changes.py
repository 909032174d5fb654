"""What changed in a story since it was last shown: the snapshot ``show``
remembers, the comparison, and its Markdown and HTML sections."""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..io.identity import utc_now
from ..io.records import StoredDocument
from ..outputs.brief import markdown_escape


def snapshot(docs: Sequence[StoredDocument], data: dict) -> dict:
    """What ``show`` remembers: document revisions, and each claim's status and citations."""
    story = data["stories"][0] if data.get("stories") else {"claims": []}
    claims = [{"id": c["id"], "text": c["text"], "status": c["status"],
               "keys": [[s["document"], s["text"]] for s in c["support"]]}
              for c in story["claims"]]
    return {"shown_at": utc_now(), "documents": {d.id: d.revision for d in docs}, "claims": claims}


@dataclass(frozen=True)
class Changes:
    """What changed in a story since it was last shown (everything, the first time)."""

    since: str | None  # when it was last shown; None the first time
    new_documents: tuple[str, ...] = ()
    updated_documents: tuple[str, ...] = ()
    new_claims: tuple[dict, ...] = ()  # {"id", "text", "status"}
    status_changes: tuple[dict, ...] = ()  # {"id", "text", "from", "to"}

    @property
    def any(self) -> bool:
        return bool(self.new_documents or self.updated_documents or self.new_claims
                    or self.status_changes)

    def to_dict(self) -> dict:
        return {"since": self.since, "new_documents": list(self.new_documents),
                "updated_documents": list(self.updated_documents),
                "new_claims": list(self.new_claims), "status_changes": list(self.status_changes)}


def compare_snapshots(previous: dict | None, current: dict) -> Changes:
    """Claims are matched by shared citations (document and cited text), since
    claim ids are positions and change when a story is recomputed."""
    if previous is None:
        return Changes(None, tuple(current["documents"]), (),
                       tuple(_claim_brief(c) for c in current["claims"]))
    old_docs = previous["documents"]
    new_docs = tuple(d for d in current["documents"] if d not in old_docs)
    updated = tuple(d for d, rev in current["documents"].items()
                    if d in old_docs and rev != old_docs[d])
    owner = {tuple(key): n for n, claim in enumerate(previous["claims"]) for key in claim["keys"]}
    new_claims, status_changes = [], []
    for claim in current["claims"]:
        matches = Counter(owner[k] for k in map(tuple, claim["keys"]) if k in owner)
        if not matches:
            new_claims.append(_claim_brief(claim))
            continue
        old = previous["claims"][matches.most_common(1)[0][0]]
        if old["status"] != claim["status"]:
            status_changes.append({"id": claim["id"], "text": claim["text"],
                                   "from": old["status"], "to": claim["status"]})
    return Changes(previous["shown_at"], new_docs, updated, tuple(new_claims),
                   tuple(status_changes))


def _claim_brief(claim: dict) -> dict:
    return {"id": claim["id"], "text": claim["text"], "status": claim["status"]}


def changes_markdown(changes: Changes) -> str:
    if changes.since is None:
        head = "## First time shown"
    elif not changes.any:
        return f"## Changes since last shown ({changes.since})\n\n- Nothing changed.\n"
    else:
        head = f"## Changes since last shown ({changes.since})"
    lines = [head, ""]
    if changes.new_documents:
        lines.append(f"- {len(changes.new_documents)} new documents: "
                     + ", ".join(f"`{d}`" for d in changes.new_documents))
    if changes.updated_documents:
        lines.append("- Updated documents: "
                     + ", ".join(f"`{d}`" for d in changes.updated_documents))
    if changes.new_claims:
        lines.append(f"- {len(changes.new_claims)} new claims:")
        lines.extend(f"  - {markdown_escape(c['text'])} ({c['status']}) `{c['id']}`"
                     for c in changes.new_claims)
    if changes.status_changes:
        lines.append("- Claims whose status changed:")
        lines.extend(f"  - {markdown_escape(c['text'])}: {c['from']} → {c['to']} `{c['id']}`"
                     for c in changes.status_changes)
    return "\n".join(lines) + "\n"



def changes_html(changes: Changes) -> str:
    items = [f"<li>New document <code>{html.escape(d)}</code></li>" for d in changes.new_documents]
    items += [f"<li>Updated document <code>{html.escape(d)}</code></li>"
              for d in changes.updated_documents]
    items += [f"<li>New claim ({html.escape(c['status'])}): {html.escape(c['text'])}</li>"
              for c in changes.new_claims]
    items += [f"<li>{html.escape(c['from'])} → {html.escape(c['to'])}: "
              f"{html.escape(c['text'])}</li>" for c in changes.status_changes]
    title = ("First time shown" if changes.since is None
             else f"Changes since last shown ({html.escape(changes.since)})")
    body = "".join(items) or "<li>Nothing changed.</li>"
    return f'<section class="changes"><h2>{title}</h2><ul>{body}</ul></section>\n'

