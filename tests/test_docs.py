"""The docs keep up with the code: every setting, command and schema field is documented."""
import re
from pathlib import Path

from storycheck.cli import cli
from storycheck.settings import SETTINGS
from storycheck.outputs import to_dict

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.help
        assert f"`{setting.name}`" in readme, setting.name


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"storycheck {name}" in readme, name


def test_schema_doc_names_every_json_field(demo_report):
    schema = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    data = to_dict(demo_report)
    keys = set(data) | set(data["documents"][0]) | set(data["stories"][0])
    story = data["stories"][0]
    for section in ("claims", "variances", "quotes", "timeline", "coverage", "copies"):
        if story[section]:
            keys |= set(story[section][0])
    claims = [c for d in data["documents"] for c in d["claims"]]
    keys |= set(claims[0])
    framed = next(c["frame"] for c in claims if c["frame"] and c["frame"]["arguments"])
    keys |= set(framed) | set(framed["arguments"][0])
    for key in keys:
        assert re.search(rf"`{key}`", schema), key
