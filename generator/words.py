"""Words of names: `pascal_case` and `snake_case` (used by `naming` and `naming_ops`)."""

from __future__ import annotations

import keyword
import re

WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def pascal_case(text: str) -> str:
    """`Server VAD` -> `ServerVad`, `input_audio_format` -> `InputAudioFormat`."""
    out = []
    for word in WORD.findall(text):
        if word.isupper() and len(word) > 1:
            word = word.lower()
        out.append(word[0].upper() + word[1:])
    return "".join(out)


def snake_case(name: str) -> str:
    """`RealtimeSession` -> `realtime_session`, `RealtimeAPIError` -> `realtime_api_error`."""
    words: list[str] = []
    for part in WORD.findall(name):
        words.extend(w for w in _CAMEL.split(part) if w)
    text = "_".join(w.lower() for w in words) or "schema"
    if text[0].isdigit():
        text = "n" + text
    return text + "_" if keyword.iskeyword(text) else text
