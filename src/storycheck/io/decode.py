"""Bytes to text: the declared encoding when there is one and it fits, else UTF-8
when the bytes are UTF-8, else a guess, said aloud.

Legacy news files are mostly Western European (Windows-1252 / Latin-1), and
charset-normalizer often takes short French or Spanish text for a Central or
Baltic code page ("déclaré à" read as "déclaré ŕ"): both decodings are
"clean", only the letters differ.  So Windows-1252 is tried first and kept when
every non-ASCII character it yields is a letter or sign of Western European
writing; otherwise charset-normalizer decides.  Either way the result is a
guess, and a warning names the file and the encoding chosen.
"""
from __future__ import annotations

import codecs
import logging
import unicodedata

from charset_normalizer import from_bytes

from ..errors import ReadError

log = logging.getLogger("storycheck")

# Non-ASCII characters of Western European text besides the letters in U+00C0-U+00FF.
WESTERN_SIGNS = set("œŒšŠžŽŸƒ«»‘’‚“”„–—…€£¥§°·¡¿ªº©®™•†‡‰‹› ") | {"\u00a0"}


# UTF-32 first: its little-endian mark begins with UTF-16's.
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, source: str = "input", declared: str | None = None) -> str:
    """UTF-16 or UTF-32 when the bytes open with its byte order mark (which, as in
    browsers, outranks a declared charset); else the encoding ``declared`` with
    the bytes (an HTTP charset) when they decode in it; else UTF-8 when it is;
    else Windows-1252 when plausible, else the encoding charset-normalizer
    detects (with a warning that the encoding was guessed)."""
    for mark, codec in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise ReadError(f"opens with a {codec.upper()} byte order mark but is not "
                                f"{codec.upper()} text", "save it as UTF-8") from None
    if declared:
        try:
            return data.decode(_codec(declared))
        except LookupError:
            log.warning("%s declares an unknown encoding %r; guessing instead", source, declared)
        except UnicodeDecodeError:
            log.warning("%s is not in the %s it declares; guessing instead", source, declared)
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (NUL bytes)", "give text, HTML or JSON")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text, encoding = _guess(data)
    log.warning("%s is not UTF-8; decoded as %s (a guess: save it as UTF-8 to be sure)",
                source, encoding)
    return text


def _codec(declared: str) -> str:
    """The codec for a declared charset. As in browsers (WHATWG Encoding), Latin-1 and
    ASCII labels mean Windows-1252, whose extra letters (curly quotes, dashes) pages
    labelled so do use; a UTF-8 byte order mark is dropped."""
    name = codecs.lookup(declared).name
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return "utf-8-sig" if name == "utf-8" else name


def _guess(data: bytes) -> tuple[str, str]:
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and all(_is_western(ch) for ch in western if ord(ch) > 127):
        return western, "Windows-1252 (Western European)"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError("undecodable bytes: no text encoding fits")
    return str(best), best.encoding


def _is_western(ch: str) -> bool:
    if ch in WESTERN_SIGNS:
        return True
    return "\u00c0" <= ch <= "\u00ff" and ch not in "×÷" and unicodedata.category(ch)[0] == "L"
