"""Find and repair Vietnamese pasted from documents typed in legacy 8-bit fonts.

Old Word files of the agency were typed in TCVN3 (".VnTime", ABC) or VNI-Windows ("VNI-Times")
fonts. Copying from them hands over the font's bytes read as Windows-1252, so "Sở Ngoại vụ"
arrives as "Së Ngo¹i vô" (TCVN3) or "Sôû Ngoaïi vuï" (VNI) and would be published as mojibake.

The same Latin-1 characters also occur in correct Unicode Vietnamese, in French or German words
and in prices (½, °, ±, µ), so one character proves nothing and a false alarm on correct text
would teach editors to ignore the check. A word therefore counts as legacy only when it is not
Vietnamese as written but becomes a valid Vietnamese syllable once decoded, and a span is
reported only where such words come together (or make up most of the line's Vietnamese).
Words that read as Vietnamese both ways (plain ASCII, "cã" = "có") are converted only inside or
next to such a span.

`portal check` calls `find_legacy_spans` on every file, so each line is first tested with one
regular expression for characters and spellings that correct Vietnamese never has; only lines
that pass are split into words. The price: a legacy line written only with letters that
correct Vietnamese shares ("tèt lêi", rare in practice) is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LEGACY_ENCODINGS = ("tcvn3", "vni")

# TCVN 5712:1993 bytes 0x80-0xFF as glibc's `iconv -f TCVN5712-1` decodes them (the test
# suite compares byte by byte). 0xB0-0xB4 are combining tone marks for the letter before them.
# The uppercase letters in 0x80-0x9F and at scattered places exist only in the VN1 variant;
# ABC fonts type other capitals with the lowercase codes in a separate ".VnTimeH" font, which
# text cannot show, so those come out lowercase.
_TCVN3_HIGH_HALF = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)

# VNI-Windows spells a letter as an ASCII base followed by mark characters. Rows: a letter with
# no tone, sắc, huyền, hỏi, ngã, nặng; capitals are the same spellings uppercased. Sources,
# which agree on every entry: lamdao/xvnkb vni.h (the xvnkb keyboard's VNI table) and
# duydev/vietnamese-conversion src/charsets.ts (the npm converter's VNI/Unicode lists).
_VNI_ROWS = (
    ("aáàảãạ", "a aù aø aû aõ aï"),
    ("ăắằẳẵặ", "aê aé aè aú aü aë"),
    ("âấầẩẫậ", "aâ aá aà aå aã aä"),
    ("eéèẻẽẹ", "e eù eø eû eõ eï"),
    ("êếềểễệ", "eâ eá eà eå eã eä"),
    ("iíìỉĩị", "i í ì æ ó ò"),
    ("oóòỏõọ", "o où oø oû oõ oï"),
    ("ôốồổỗộ", "oâ oá oà oå oã oä"),
    ("ơớờởỡợ", "ô ôù ôø ôû ôõ ôï"),
    ("uúùủũụ", "u uù uø uû uõ uï"),
    ("ưứừửữự", "ö öù öø öû öõ öï"),
    ("yýỳỷỹỵ", "y yù yø yû yõ î"),
    ("đ", "ñ"),
)

_GAP = 3  # at most this many other words between two legacy words of one run
_SHARE = 0.7  # least share of a span's words that must read as Vietnamese (keeps out French)
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Quotes, dashes and bullets Word puts around words; in TCVN3 they would be VN1 capitals.
_EDGE = "‚„…‹‘’“”•–—›«»"

# A Vietnamese syllable without its tone: initial consonant (with the spelling rules k/gh/ngh
# before i e ê y, c/g/ng elsewhere), optional medial o/u, then vowel nucleus and final.
_SYLLABLE = re.compile(
    r"(?P<initial>ngh(?=[ieê])|gh(?=[ieê])|k(?=[ieêy])|ng(?![ieêy])|c(?![ieêy])|gi"
    r"|g(?![eê])|kh|nh|ph|th|tr|ch|qu|[bdđhlmnprstvx])?"
    r"(?:(?<!qu)(?<!c)(?:o(?=[aăe])|u(?=[âêyơ])))?"
    r"(?:a(?:ch|nh|ng|[cimnoptuy])?|ă(?:ng|[cmnpt])|â(?:ng|[cmnptuy])"
    r"|e(?:ng|[cmnopt])?|ê(?:ch|nh|[mnptu])?"
    r"|iê(?:ng|[cmnptu])|i(?:ch|nh|[amnptu])?|yê(?:ng|[mntu])|y(?:ch|nh|[anptu])?"
    r"|o(?:ong|ng|[cimnpt])?|ô(?:ng|[cimnpt])?|ơ[imnpt]?"
    r"|uô(?:ng|[cimnpt])|u(?:ng|[acimnpt])?|ươ(?:ng|[cimnptu])|ư(?:ng|[acimntu])?)"
)
_NUCLEUS = frozenset("aăâeêioôơuưy")
_SHAPED = frozenset("ăâêôơư")
_STOP_FINALS = ("c", "ch", "p", "t")  # such syllables take only sắc or nặng
_STOP_TONES = frozenset("\u0301\u0323")


def _as_pasted(byte: int) -> str:
    """The character Word hands over for a legacy-font byte: its Windows-1252 reading."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D, undefined in cp1252: Latin-1 C1
        return chr(byte)


_PASTEABLE = frozenset(_as_pasted(byte) for byte in range(0x80, 0x100))


def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Pasted character -> Unicode, and Unicode letter -> pasted character."""
    pairs = list(zip(map(_as_pasted, range(0x80, 0x100)), _TCVN3_HIGH_HALF, strict=True))
    decode = {char: letter for char, letter in pairs if char != letter}
    encode = {letter: char for char, letter in pairs if letter.isalpha()}  # ý is its own code
    for letter, char in list(encode.items()):  # capitals without a code: as in .VnTimeH
        encode.setdefault(letter.upper(), char)
    return decode, encode


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Pasted spelling -> Unicode letter, and Unicode letter -> pasted spelling."""
    encode = {}
    for letters, spellings in _VNI_ROWS:
        for letter, spelling in zip(letters, spellings.split(), strict=True):
            if letter != spelling:
                encode[letter] = spelling
                encode[letter.upper()] = spelling.upper()
    return {spelling: letter for letter, spelling in encode.items()}, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _tcvn3_tables()
_TCVN3_TABLE = str.maketrans(_TCVN3_DECODE)
_VNI_DECODE, _VNI_ENCODE = _vni_tables()
_VNI_SPELLING = re.compile(
    "|".join(map(re.escape, sorted(_VNI_DECODE, key=len, reverse=True))))

_KEYS = frozenset(_TCVN3_DECODE) | {char for char in "".join(_VNI_DECODE) if not char.isascii()}


def _class(chars: frozenset[str]) -> str:
    """The inside of a regex character class matching exactly `chars`."""
    return "".join(f"\\u{ord(char):04x}" for char in sorted(chars))


_KEY_CLASS = _class(_KEYS)
# A word: letters, the legacy characters (many are symbols in cp1252) and combining marks.
_WORD = re.compile(f"(?:[^\\W\\d_]|[{_KEY_CLASS}\\u0300-\\u036f])+")
# The quick test a line must pass before its words are looked at. Letters of correct Vietnamese
# that cp1252 also has, and the quotes and dashes Word types into correct text, say nothing
# alone; a legacy line almost always has one of the other table characters (µ ¸ ¹ ® ­ ï ø ñ...),
# a TCVN3 capital code inside a word ("tÕ", "CÊp"), a TCVN3 spelling correct Vietnamese never
# has ("víi", "muèn", "tèt") or a VNI mark after a vowel ("Coâng taùc", "nghóa"). Each test is
# a condition on the character just matched, so the regex engine can skip from one possible
# character to the next with its fast scan instead of trying every branch at every position.
_CAPITAL_CODES = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"  # also letters of correct Vietnamese, at a word's start
_LEGACY_ONLY = _KEYS - frozenset("àáâãèéêìíòóôõùúý€™‚„…‹‘’“”•–—›" + _CAPITAL_CODES)
_PREFILTER_CONDITIONS = (
    f"(?<=[{_class(_LEGACY_ONLY)}])",
    f"(?<=[a-z][{_CAPITAL_CODES}])|(?<=[A-Z][{_CAPITAL_CODES}])(?=[a-z])",
    r"(?<=[èéêìí])(?=i)|(?<=[uU][èé])|(?<=[èôù])(?=(?:c|ch|p|t)\b)",  # TCVN3 ối ội ời, uố, ốc ục
    "(?<=[aeAE][âáàãÂÁÀÃ])|(?<=[aA][êéèúÊÉÈÚ])|(?<=[oO][âÂ])|(?<=[uU][oO][áàãÁÀÃ])",  # VNI â ă ê ô
    "(?<=[aeouyôAEOUYÔ][ùõÙÕ])|(?<=[kK][óòÓÒ])|(?<=[gG][hH][óòÓÒ])",  # VNI tones, ĩ ị
)
_PREFILTER = re.compile(
    f"[{_class(_LEGACY_ONLY | frozenset(_CAPITAL_CODES + 'âáàãêéèìíôõùúóòÂÁÀÃÊÉÈÚÙÕÓÒ'))}]"
    f"(?:{'|'.join(_PREFILTER_CONDITIONS)})")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")

# What a word is, read in one encoding.
_EVIDENCE = 0  # not Vietnamese as written, a Vietnamese syllable once decoded
_SOFT = 1  # changed by decoding and valid, but valid as written too or without an ASCII letter
_HARD = 2  # changed by decoding but not a syllable either way ("Q§" = "QĐ", "café")
_NEUTRAL = 3  # unchanged and a valid syllable ("tin", "ban")
_FOREIGN = 4  # unchanged and not a syllable (English, abbreviations)
_CERTAIN = 5  # has a letter no legacy paste can produce: correct Unicode, another script


@dataclass(frozen=True)
class LegacySpan:
    """A run of legacy-encoded words in the text and what it reads in Unicode."""

    encoding: str  # "tcvn3" or "vni"
    start: int  # character offsets in the text
    end: int
    original: str
    converted: str


@dataclass(frozen=True, slots=True)
class _Reading:
    kind: int
    lead: int  # edge punctuation left out at the start and the end of the word
    trail: int
    converted: str  # the decoded word between the edges
    valid: bool  # the decoded (or unchanged) word is a Vietnamese syllable
    abbreviation: bool  # not a syllable, with two or more capitals: UBND, QĐ, SNgV


def _is_syllable(word: str) -> bool:
    """Whether `word` (any case, NFC or NFD) is one well-formed Vietnamese syllable.

    Checking where the tone sits, and that c/ch/p/t finals take only sắc or nặng, is what
    keeps accidental decodings of French or German words ("può" -> "puị") from passing.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [index for index, char in enumerate(decomposed) if char in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    match = _SYLLABLE.fullmatch(bare)
    if not match:
        return False
    if not tones:
        return not bare.endswith(_STOP_FINALS)
    if bare.endswith("oong"):  # loanwords (xoong, boong) take no tone; VNI "oâng" is "ông"
        return False
    if decomposed[tones[0]] not in _STOP_TONES and bare.endswith(_STOP_FINALS):
        return False
    toned = sum(not unicodedata.combining(char) for char in decomposed[:tones[0]]) - 1
    return toned in _tone_places(bare, max(0, match.end("initial")))


def _tone_places(bare: str, rhyme: int) -> tuple[int, ...]:
    """Where the tone may sit in a toneless syllable whose rhyme starts at index `rhyme`;
    both the old ("hóa", "thúy") and the new ("hoá", "thuý") placement are accepted."""
    vowels = [index for index in range(rhyme, len(bare)) if bare[index] in _NUCLEUS]
    shaped = [index for index in vowels if bare[index] in _SHAPED]
    if shaped:
        return (shaped[-1],)
    if len(vowels) == 1 or bare[-1] not in _NUCLEUS:
        return (vowels[-1],)
    if len(vowels) == 3:
        return (vowels[1],)
    if bare[vowels[0]:vowels[1] + 1] in ("oa", "oe", "uy"):
        return tuple(vowels)
    return (vowels[0],)


def _decode(word: str, encoding: str) -> str:
    if encoding == "tcvn3":
        decoded = unicodedata.normalize("NFC", word.translate(_TCVN3_TABLE))
    else:
        decoded = _VNI_SPELLING.sub(lambda match: _VNI_DECODE[match.group()], word)
    letters = [char for char in word if char.isascii() and char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return decoded.upper()  # typed in capitals, e.g. a heading in an uppercase font
    return decoded


def _is_abbreviation(word: str) -> bool:
    return sum(char.isupper() for char in word) > 1


@lru_cache(maxsize=1 << 16)
def _read(word: str, encoding: str) -> _Reading:
    """Classify one word for one encoding; cached because the same words recur in every file."""
    if not word.isascii() and not all(char.isascii() or char in _PASTEABLE for char in word):
        return _Reading(_CERTAIN, 0, 0, word, _is_syllable(word), False)
    core = word.strip(_EDGE)
    lead = len(word) - len(word.lstrip(_EDGE))
    for start, candidate in ((0, word), (lead, core)):
        converted = _decode(candidate, encoding)
        if converted != candidate and _is_syllable(converted):
            strong = not _is_syllable(candidate) and any(
                char.isascii() and char.isalpha() for char in candidate)
            return _Reading(_EVIDENCE if strong else _SOFT, start,
                            len(word) - start - len(candidate), converted, True, False)
    converted = _decode(core, encoding)
    trail = len(word) - lead - len(core)
    if converted != core:
        return _Reading(_HARD, lead, trail, converted, False, _is_abbreviation(converted))
    valid = _is_syllable(core)
    return _Reading(_NEUTRAL if valid else _FOREIGN, lead, trail, core, valid,
                    not valid and _is_abbreviation(core))


def _converts(reading: _Reading) -> bool:
    """Whether a word inside a span is replaced by its decoding."""
    return reading.kind in (_EVIDENCE, _SOFT) or (reading.kind == _HARD and reading.abbreviation)


def _share(readings: list[_Reading]) -> float:
    """Share of the words that read as Vietnamese, not counting abbreviations."""
    counted = [reading.valid for reading in readings if reading.valid or not reading.abbreviation]
    return sum(counted) / len(counted) if counted else 0.0


class _Line:
    """One line read in one encoding: its words, what each word is, where sentences end."""

    def __init__(self, line: str, words: list[re.Match[str]], encoding: str) -> None:
        self.line = line
        self.encoding = encoding
        self.words = words
        self.readings = [_read(match[0], encoding) for match in words]
        self.kinds = [reading.kind for reading in self.readings]
        for index, kind in enumerate(self.kinds):
            start = words[index].start()
            if kind == _EVIDENCE and len(words[index][0]) <= 2 and (
                    line[max(0, start - 2):start].rstrip(" ")[-1:].isdigit()):
                self.kinds[index] = _SOFT  # a unit after a number, as in "5 µm"

    def ranges(self) -> list[tuple[int, int]]:
        """First and last word index of each legacy run, extended and merged."""
        evidence = [index for index, kind in enumerate(self.kinds) if kind == _EVIDENCE]
        if not evidence:
            return []
        certain = sum(1 for reading in self.readings if reading.kind == _CERTAIN and reading.valid)
        readable = sum(reading.valid for reading in self.readings)
        line_rule = len(evidence) > certain and readable > 1 and _share(self.readings) >= _SHARE
        clusters = [[evidence[0]]]
        for index in evidence[1:]:
            previous = clusters[-1][-1]
            if index - previous <= _GAP + 1 and _CERTAIN not in self.kinds[previous:index]:
                clusters[-1].append(index)
            else:
                clusters.append([index])
        ranges: list[tuple[int, int]] = []
        for cluster in clusters:
            if len(cluster) < 2 and not line_rule:
                continue
            low, high = self._extend(cluster[0], -1), self._extend(cluster[-1], 1)
            if _share(self.readings[low:high + 1]) < _SHARE:
                continue
            if ranges and low <= ranges[-1][1]:
                merged_low, merged_high = ranges.pop()
                low, high = min(low, merged_low), max(high, merged_high)
            ranges.append((low, high))
        return ranges

    def _extend(self, index: int, step: int) -> int:
        """Take in neighbouring words readable both ways, up to a sentence end or a word that
        is certainly not legacy; plain ASCII syllables and abbreviations in between are bridged."""
        edge, probe = index, index + step
        while 0 <= probe < len(self.words) and not self._sentence_break(min(probe, probe - step)):
            if _converts(self.readings[probe]):
                edge = probe
            elif self.kinds[probe] != _NEUTRAL and not self.readings[probe].abbreviation:
                break
            probe += step
        return edge

    def _sentence_break(self, left: int) -> bool:
        gap = self.line[self.words[left].end():self.words[left + 1].start()]
        return bool(_SENTENCE_BREAK.search(gap))

    def span(self, low: int, high: int, offset: int) -> tuple[int, LegacySpan]:
        """The span from word `low` to word `high`, with its number of Vietnamese syllables."""
        words, readings = self.words[low:high + 1], self.readings[low:high + 1]
        start = words[0].start() + readings[0].lead
        end = words[-1].end() - readings[-1].trail
        pieces, cursor = [], start
        for match, reading in zip(words, readings, strict=True):
            if _converts(reading):
                word_start = match.start() + reading.lead
                pieces += [self.line[cursor:word_start], reading.converted]
                cursor = match.end() - reading.trail
        pieces.append(self.line[cursor:end])
        converted = unicodedata.normalize("NFC", "".join(pieces))
        span = LegacySpan(self.encoding, offset + start, offset + end, self.line[start:end],
                          converted)
        return sum(reading.valid for reading in readings), span


def find_legacy_spans(text: str) -> list[LegacySpan]:
    """Runs of words that are legacy-encoded Vietnamese, with their Unicode conversion."""
    if not _PREFILTER.search(text):
        return []
    candidates: list[tuple[int, LegacySpan]] = []
    for line in _LINE.finditer(text):
        if not _PREFILTER.search(line[0]):
            continue
        words = [match for match in _WORD.finditer(line[0]) if match[0].strip(_EDGE)]
        for encoding in LEGACY_ENCODINGS:
            reading = _Line(line[0], words, encoding)
            candidates += [reading.span(low, high, line.start()) for low, high in reading.ranges()]
    # Where both encodings claim the same words, the one reading more syllables wins; on a tie,
    # the encoding that reads more of the whole text (a document is typed in one font).
    totals = {encoding: sum(score for score, span in candidates if span.encoding == encoding)
              for encoding in LEGACY_ENCODINGS}
    preferred = max(LEGACY_ENCODINGS, key=totals.__getitem__)
    chosen: list[LegacySpan] = []
    for _score, span in sorted(candidates, key=lambda candidate: (
            -candidate[0], candidate[1].encoding != preferred)):
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


def convert_legacy(text: str) -> str:
    """text with every span from find_legacy_spans replaced by its conversion."""
    pieces, cursor = [], 0
    for span in find_legacy_spans(text):
        pieces += [text[cursor:span.start], span.converted]
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode Vietnamese -> how it looks when pasted from a legacy font (for tests/benchmarks).

    TCVN3 capitals without a code of their own come out as the lowercase code, as typed in an
    uppercase ".VnTimeH" font; decoding them gives the lowercase letter back.
    """
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; use one of {LEGACY_ENCODINGS}")
    table = _TCVN3_ENCODE if encoding == "tcvn3" else _VNI_ENCODE
    return "".join(table.get(char, char) for char in unicodedata.normalize("NFC", text))
