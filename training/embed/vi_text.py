"""Vietnamese text conventions shared by the embedding training scripts.

Mirrors the service's text rules (src/text): Unicode NFC, lowercase, one tone-mark convention
("old style": hòa, thủy, quý — in an open syllable with two vowels the tone sits on the first vowel,
with a final consonant or a vowel carrying ă/â/ê/ô/ơ/ư it sits on that vowel or the last vowel),
diacritic folding (NFD, drop U+0300–U+036F, đ→d) and the tokenizer's split into letter runs and digit runs
(punctuation and spaces are dropped, exactly like the `Split` pre-tokenizer in tokenizer.json).
"""
import re
import unicodedata

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VOWELS = set("aăâeêioôơuưy")
SHAPED = set("ăâêôơư")
# Letter runs or digit runs; everything else (spaces, punctuation, symbols) separates tokens.
TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
# The same split for transformers.js / tokenizers (JS RegExp with the u flag).
TOKEN_PATTERN_JS = r"[\p{L}\p{M}]+|\p{Nd}+"
SENT_RE = re.compile(r"(?<=[.!?…])\s+|\n+")

_retone_cache: dict = {}
_fold_cache: dict = {}


def tone_position(base: str):
    """Index in `base` (a toneless NFC lowercase syllable) where the tone mark belongs, or None."""
    n = len(base)
    i = 0
    while i < n and base[i] not in VOWELS:
        i += 1
    if i == n:
        return None
    start = i
    end = i
    while end + 1 < n and base[end + 1] in VOWELS:
        end += 1
    for j in range(end + 1, n):  # a vowel after the final consonant: not a Vietnamese syllable
        if base[j] in VOWELS:
            return None
    if end > start and start > 0:
        if base[start] == "u" and base[start - 1] == "q":
            start += 1
        elif base[start] == "i" and base[start - 1] == "g":
            start += 1
    shaped = [j for j in range(start, end + 1) if base[j] in SHAPED]
    if shaped:
        return shaped[-1]
    if end + 1 < n:  # closed syllable: last vowel
        return end
    size = end - start + 1
    if size >= 3:
        return start + 1
    return start  # open syllable: first vowel (hòa, thủy, mía, của)


def retone(word: str) -> str:
    """Move the tone mark of one lowercase NFC syllable to the old-style position."""
    r = _retone_cache.get(word)
    if r is not None:
        return r
    r = word
    d = unicodedata.normalize("NFD", word)
    tones = [c for c in d if c in TONES]
    if len(tones) == 1:
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        pos = tone_position(base)
        if pos is not None:
            ch = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base[pos]) + tones[0])
            r = base[:pos] + ch + base[pos + 1:]
    if len(_retone_cache) < 2_000_000:
        _retone_cache[word] = r
    return r


def fold(word: str) -> str:
    """Diacritic folding: NFD, drop U+0300–U+036F, đ→d (applied after lowercasing)."""
    r = _fold_cache.get(word)
    if r is None:
        d = unicodedata.normalize("NFD", word)
        r = "".join(c for c in d if not ("\u0300" <= c <= "\u036f")).replace("đ", "d").replace("Đ", "D")
        r = unicodedata.normalize("NFC", r)
        if len(_fold_cache) < 2_000_000:
            _fold_cache[word] = r
    return r


def tokens(text: str) -> list:
    """NFC + lowercase + old-style tone marks, split into letter runs and digit runs."""
    text = unicodedata.normalize("NFC", text).lower()
    return [retone(t) for t in TOKEN_RE.findall(text)]


def sentences(text: str) -> list:
    return [s for s in SENT_RE.split(text) if s.strip()]


if __name__ == "__main__":
    for w in ["hoà", "hòa", "thuỷ", "thủy", "qúy", "quý", "toán", "hoàng", "thuở", "khoái", "giường", "quốc",
              "quyển", "gì", "của", "mía", "khuỷu", "hoạ", "oà", "uỷ", "ngoẹo", "xoáy", "hoè"]:
        print(w, "->", retone(w), fold(retone(w)))
    print(tokens("Chủ tịch nước thăm Chile, APEC 2017; COVID-19 hoà bình Thuỷ điện."))
