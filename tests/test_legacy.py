"""Legacy-font text (TCVN3, VNI): the tables against their references, known sentences, no false
alarms on correct text, and round trips over random Vietnamese.

A false alarm would teach editors to ignore the check and `--fix` would damage correct text, so
the corpus of correct text here is as important as the sentences that must be converted.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core import legacy
from plugins.core.legacy import (
    LEGACY_ENCODINGS,
    LegacySpan,
    convert_legacy,
    encode_legacy,
    find_legacy_spans,
)

CONTENT = Path(__file__).resolve().parent.parent / "content"
needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv missing")

# (Unicode, TCVN3 as pasted, VNI as pasted). The brief's own examples come first; the TCVN3
# column is checked against iconv below, the VNI column follows the VNI tables of xvnkb and of
# the vietnamese-conversion npm package.
SENTENCES = (
    ("Sở Ngoại vụ tỉnh Lạng Sơn", "Së Ngo¹i vô tØnh L¹ng S¬n", "Sôû Ngoaïi vuï tænh Laïng Sôn"),
    ("Quyết định số 45/QĐ-SNgV về việc kiện toàn Ban Biên tập",
     "QuyÕt ®Þnh sè 45/Q§-SNgV vÒ viÖc kiÖn toµn Ban Biªn tËp",
     "Quyeát ñònh soá 45/QÑ-SNgV veà vieäc kieän toaøn Ban Bieân taäp"),
    ("Cửa khẩu quốc tế Hữu Nghị", "Cöa khÈu quèc tÕ H÷u NghÞ", "Cöûa khaåu quoác teá Höõu Nghò"),
    ("Ủy ban nhân dân tỉnh Lạng Sơn", "žy ban nh©n d©n tØnh L¹ng S¬n",
     "UÛy ban nhaân daân tænh Laïng Sôn"),
    ("Đồng Đăng", "§ång §¨ng", "Ñoàng Ñaêng"),
    ("Người dân được hướng dẫn thủ tục cấp hộ chiếu phổ thông",
     "Ng\u00adêi d©n ®\u00adîc h\u00adíng dÉn thñ tôc cÊp hé chiÕu phæ th«ng",
     "Ngöôøi daân ñöôïc höôùng daãn thuû tuïc caáp hoä chieáu phoå thoâng"),
    ("Thông báo lịch tiếp công dân định kỳ của lãnh đạo Sở",
     "Th«ng b¸o lÞch tiÕp c«ng d©n ®Þnh kú cña l·nh ®¹o Së",
     "Thoâng baùo lòch tieáp coâng daân ñònh kyø cuûa laõnh ñaïo Sôû"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
     "C\u2014NG H\u2019A X\u201a H\u2014I CH\u017e NGH\u008fA VI\u0152T NAM",
     "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM"),
    ("Ông Nguyễn Văn Đức, Giám đốc Sở, tiếp Tổng Lãnh sự Trung Quốc tại Nam Ninh",
     "¤ng NguyÔn V¨n §øc, Gi¸m ®èc Së, tiÕp Tæng L·nh sù Trung Quèc t¹i Nam Ninh",
     "OÂng Nguyeãn Vaên Ñöùc, Giaùm ñoác Sôû, tieáp Toång Laõnh söï Trung Quoác taïi Nam Ninh"),
)

# The VNI table as lamdao/xvnkb (vni.h) lists it: each letter with no tone, sắc, huyền, hỏi,
# ngã, nặng; the capitals are the same spellings in capitals.
XVNKB_LETTERS = ("aáàảãạ âấầẩẫậ ăắằẳẵặ eéèẻẽẹ êếềểễệ oóòỏõọ ôốồổỗộ ơớờởỡợ "
                 "uúùủũụ ưứừửữự iíìỉĩị yýỳỷỹỵ đ")
XVNKB_SPELLINGS = (
    "a aù aø aû aõ aï aâ aá aà aå aã aä aê aé aè aú aü aë e eù eø eû eõ eï eâ eá eà eå eã eä "
    "o où oø oû oõ oï oâ oá oà oå oã oä ô ôù ôø ôû ôõ ôï u uù uø uû uõ uï ö öù öø öû öõ öï "
    "i í ì æ ó ò y yù yø yû yõ î ñ"
)

COMMON_SYLLABLES = """
của và các là có được trong cho người những một với không này đã để khi về theo ngày năm
tỉnh sở ngoại vụ lạng sơn đồng đăng cửa khẩu quốc tế hữu nghị ủy ban nhân dân quyết định số
việc kiện toàn biên tập thông báo tin tức hội tổ chức công tác đối giám đốc phó trưởng phòng
lãnh sự hành chính tổng hợp văn bản kế hoạch trung hoa việt nam lào thái lan nhật hàn pháp
thủ tục hộ chiếu thị thực cấp phát xuất nhập cảnh biên giới mốc hòa bình khách đoàn đại biểu
tiếp đón làm chiều sáng tối tuần tháng quý giữa cuối đầu huyện xã trấn thành phố lộc cao lăng
gia chi lũng đình lập điện thoại thư địa chỉ đường phường hoàng thụ ông bà anh chị em cô chú
bác cháu con trai gái già trẻ khoẻ khỏe hoà thuý thúy quyền nghĩa trách nhiệm cán bộ viên lao
động tuyển dụng kết quả hiện triển khai tăng cường quản lý nhà nước đầu tư kinh an ninh phòng
giao hóa du lịch giáo dục y môi nông nghiệp nguyễn trần lê phạm phan vũ võ đặng bùi đỗ hồ ngô
dương xin chào cảm ơn vui lòng liên hệ gửi nhận hồ sơ trực qua bưu ngoài tiếng gì nghìn triệu
tỷ khuya khuỷu ngoằn ngoèo xoong boong quýt quỳnh giếng giữ giọng giấy gió giỏi gìn khuyên
khuyết chuyện thuyền uyên yêu yên yếm oán hoàn thuận xuân quân quen quét quăng hoặc loạt thuở
muốn mười rượu bưởi cười tươi ướt ướp nướng ấy ở ăn ước uống ai áo âm ích im inh ốc ơi ừ ửng
"""
SYLLABLES = tuple(COMMON_SYLLABLES.split())
# Readable only as legacy text in each encoding and not in the other: a text made only of
# syllables that read as Vietnamese both ways ("cã" is "có" and a word of its own) is left
# alone by design, so every generated text gets one of these.
DISTINCTIVE = ("người", "được", "tỉnh", "việc", "lạng", "đồng", "của", "ngoại", "những", "đại",
               "hiện", "địa", "phường")
SEPARATORS = (" ", " ", ", ", " - ", "; ", ": ", " (", '" ')

CORRECT_TEXT = """\
The Department of Foreign Affairs of Lang Son province welcomed the delegation © 2024.
Price: 1½ kg for $3.50, ¼ off, 25°C ± 2°C, 10 µm × 20 µm, 5 µg/m³, Brand® and Trade™, 50 m²
A café in São Paulo, a naïve résumé, Müller from Köln, Bogotá and Curaçao, déjà vu, jalapeño.
Le café où je vais, là où il est, ni où elle va. Il a dû partir à l'hôtel de la Côte d'Azur.
C'est très bien, un élève, la fenêtre, le théâtre, Noël, Citroën, maïs, naïf, Hanoï, bientôt.
Die Straße in München ist schön; Grüße aus Düsseldorf, Äpfel und Öl für den Bären.
Não só a mãe, mas também o pai; a irmã e o irmão estão lá. Avó, avô, pó, só, nós, três, mês.
El año pasado la niña y el señor comieron en España; sí, él está aquí, qué día.
Non può più, può darsi; città, perché, così, è già.
中华人民共和国驻胡志明市总领事馆 谅山省外务厅 凭祥市 友谊关口岸
«Citation» – “quoted” — ‘single’ … • bullet; “Sở Ngoại vụ” – ‘Lạng Sơn’
Ô tô, Ông Nguyễn Văn A, Ấn Độ, Âu Mỹ, Á Phi, Ê-đê, Ý kiến, Ủy ban, Ơn nghĩa, Ưu tiên
HÀ NỘI, NGÀY 12 THÁNG 3 NĂM 2026 — CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
x = a·b; y = c÷d; z = e×f; ¿Qué? ¡Hola! ª º ¹ ² ³ ¢ £5 £10 ¥100 ¥200 €5 ƒ ‰ ˆ ˜
µ
½
ë
où
"""


def _pasted(byte: int) -> str:
    """How Word hands over a legacy byte: its Windows-1252 character, Latin-1 where undefined."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _as_bytes(pasted: str) -> bytes:
    """The legacy bytes behind pasted text (the inverse of `_pasted`)."""
    return b"".join(char.encode("cp1252") if char.isascii() or ord(char) > 0x9F or ord(char) < 0x80
                    else bytes([ord(char)]) for char in pasted)


def _iconv(data: bytes) -> str:
    return subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data,
                          capture_output=True, check=True).stdout.decode()


@functools.cache
def glibc_tcvn3() -> dict[str, str]:
    """Pasted character -> what glibc decodes its byte to. One byte per call, because the
    decoder joins a letter and a following combining byte (0xB0-0xB4) into one character."""
    return {_pasted(byte): _iconv(bytes([byte])) for byte in range(0x80, 0x100)}


def _tcvn3_capitals() -> frozenset[str]:
    """Capitals TCVN3 has a code for; the others are typed in the separate .VnTimeH font."""
    if shutil.which("iconv") is None:
        return frozenset()
    return frozenset(char for char in glibc_tcvn3().values() if char.isupper())


@st.composite
def vietnamese_text(draw: st.DrawFn, encoding: str | None = None) -> str:
    """Real syllables joined by spaces and punctuation, some capitalized; with `encoding`, only
    capitals the encoding can represent, and always one syllable readable only as legacy."""
    words = draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=14))
    words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(DISTINCTIVE)))
    capitals = _tcvn3_capitals() if encoding == "tcvn3" else None
    for index, word in enumerate(words):
        capital = word[0].upper()
        representable = capitals is None or capital.isascii() or capital in capitals
        if representable and draw(st.booleans()):
            words[index] = capital + word[1:]
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words) - 1,
                               max_size=len(words) - 1))
    return words[0] + "".join(sep + word for sep, word in zip(separators, words[1:], strict=True))


@needs_iconv
def test_tcvn3_table_matches_glibc_iconv_byte_by_byte() -> None:
    for byte in range(0x80, 0x100):
        pasted = _pasted(byte)
        expected = glibc_tcvn3()[pasted]
        assert legacy._TCVN3_DECODE.get(pasted, pasted) == expected, hex(byte)
        if expected.isalpha():
            assert encode_legacy(expected, "tcvn3") == pasted, hex(byte)


@needs_iconv
@pytest.mark.parametrize(("unicode", "tcvn3"), [(row[0], row[1]) for row in SENTENCES])
def test_tcvn3_sentences_convert_as_iconv_decodes_them(unicode: str, tcvn3: str) -> None:
    assert encode_legacy(unicode, "tcvn3") == tcvn3
    assert _iconv(_as_bytes(tcvn3)) == unicode
    assert convert_legacy(tcvn3) == unicode


@needs_iconv
def test_tcvn3_combining_tone_bytes_join_the_letter_before_them() -> None:
    pasted = "Së Ngoa\u00b4i vu\u00b4 ti\u00b1nh L¹ng S¬n"  # 0xB4 dot below, 0xB1 hook above
    assert _iconv(_as_bytes(pasted)) == "Sở Ngoại vụ tỉnh Lạng Sơn"
    assert convert_legacy(pasted) == "Sở Ngoại vụ tỉnh Lạng Sơn"


def test_vni_table_matches_xvnkb() -> None:
    letters = XVNKB_LETTERS.replace(" ", "")
    spellings = XVNKB_SPELLINGS.split()
    assert len(letters) == len(spellings) == 12 * 6 + 1
    for letter, spelling in zip(letters, spellings, strict=True):
        assert encode_legacy(letter, "vni") == spelling
        assert encode_legacy(letter.upper(), "vni") == spelling.upper()


def test_vni_matches_the_vietnamese_conversion_package_example() -> None:
    assert encode_legacy("Xin chào các bạn", "vni") == "Xin chaøo caùc baïn"
    assert convert_legacy("Xin chaøo caùc baïn") == "Xin chào các bạn"


@pytest.mark.parametrize("row", SENTENCES, ids=[row[0][:24] for row in SENTENCES])
@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_known_sentences_convert_to_unicode(row: tuple[str, str, str], encoding: str) -> None:
    unicode, pasted = row[0], row[1 + LEGACY_ENCODINGS.index(encoding)]
    assert encode_legacy(unicode, encoding) == pasted
    spans = find_legacy_spans(pasted)
    assert [span.encoding for span in spans] == [encoding]
    assert pasted[spans[0].start:spans[0].end] == spans[0].original
    assert convert_legacy(pasted) == unicode
    assert unicodedata.is_normalized("NFC", convert_legacy(pasted))


@pytest.mark.parametrize("text", ["Ứng dụng công nghệ thông tin", "Ý kiến của người dân"])
def test_capitals_without_a_tcvn3_code_come_back_lowercase(text: str) -> None:
    lowercase = text[0].lower() + text[1:]
    pasted = encode_legacy(text, "tcvn3")
    assert pasted == encode_legacy(lowercase, "tcvn3")
    assert convert_legacy(pasted) == lowercase


def test_quotes_and_emphasis_around_legacy_words_stay_as_they_are() -> None:
    pasted = "“Së Ngo¹i vô” vµ *Së Ngo¹i vô* (L¹ng S¬n)"
    assert convert_legacy(pasted) == "“Sở Ngoại vụ” và *Sở Ngoại vụ* (Lạng Sơn)"


def test_a_short_legacy_line_is_found_by_the_line_majority() -> None:
    """One legacy word is enough when it is most of the line's Vietnamese."""
    assert convert_legacy("Tin tøc") == "Tin tức"
    assert convert_legacy("Th«ng b¸o\nCoâng taùc") == "Thông báo\nCông tác"


def test_no_spans_in_correct_content_files() -> None:
    files = sorted(CONTENT.rglob("*.md"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert find_legacy_spans(text) == [], path
        assert find_legacy_spans(unicodedata.normalize("NFD", text)) == [], path
        assert convert_legacy(text) == text


@pytest.mark.parametrize("line", CORRECT_TEXT.splitlines())
def test_no_spans_in_english_chinese_european_words_and_symbols(line: str) -> None:
    assert find_legacy_spans(line) == []
    assert find_legacy_spans(unicodedata.normalize("NFD", line)) == []


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_only_the_pasted_sentence_of_a_paragraph_is_converted(encoding: str) -> None:
    before = "Sáng 12/3, đoàn công tác của tỉnh đã làm việc tại Cửa khẩu quốc tế Hữu Nghị. "
    sentence = "Sở Ngoại vụ tỉnh Lạng Sơn đã tổ chức hội nghị tổng kết công tác đối ngoại"
    after = ". Hà Nội và Lạng Sơn tiếp tục phối hợp chặt chẽ."
    pasted = encode_legacy(sentence, encoding)
    paragraph = before + pasted + after
    assert find_legacy_spans(paragraph) == [
        LegacySpan(encoding, len(before), len(before) + len(pasted), pasted, sentence)]
    assert convert_legacy(paragraph) == before + sentence + after


def test_lines_of_a_document_are_read_separately() -> None:
    text = "# Giới thiệu\n\nSở Ngoại vụ tỉnh Lạng Sơn.\n" + "Së Ngo¹i vô tØnh L¹ng S¬n.\n"
    spans = find_legacy_spans(text)
    assert [(span.original, span.converted) for span in spans] == [
        ("Së Ngo¹i vô tØnh L¹ng S¬n", "Sở Ngoại vụ tỉnh Lạng Sơn")]
    assert text[spans[0].start:spans[0].end] == spans[0].original


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="viscii"):
        encode_legacy("Sở Ngoại vụ", "viscii")


def test_syllable_validator_accepts_the_syllable_list_and_rejects_near_misses() -> None:
    """The validator is what tells legacy words from correct ones; a real syllable it rejected
    would make correct text look legacy."""
    assert all(legacy._is_syllable(word) for word in SYLLABLES + DISTINCTIVE)
    assert all(legacy._is_syllable(word.upper()) for word in SYLLABLES)
    for word in ("tòan", "qúa", "cuỷa", "puị", "tèt", "mêi", "hóac", "kó", "ngoaïi", "café"):
        assert not legacy._is_syllable(word), word


@settings(max_examples=150, deadline=None)
@given(st.data(), st.sampled_from(LEGACY_ENCODINGS))
def test_random_vietnamese_round_trips_through_both_encodings(data: st.DataObject,
                                                               encoding: str) -> None:
    text = data.draw(vietnamese_text(encoding))
    assert convert_legacy(encode_legacy(text, encoding)) == text


@settings(max_examples=150, deadline=None)
@given(vietnamese_text())
def test_random_unicode_vietnamese_has_no_spans(text: str) -> None:
    assert find_legacy_spans(text) == []
    assert find_legacy_spans(unicodedata.normalize("NFD", text)) == []


PASTED_ALPHABET = st.sampled_from(
    [*"aeiouyAEIOUY nghtcđ.,-\n5", *(_pasted(byte) for byte in range(0x80, 0x100))])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.text(alphabet=PASTED_ALPHABET, max_size=200)))
def test_any_text_gives_consistent_spans(text: str) -> None:
    """Whatever an editor pastes, spans are ordered, inside the text, and what they convert."""
    spans = find_legacy_spans(text)
    end = 0
    for span in spans:
        assert end <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == span.original
        assert span.encoding in LEGACY_ENCODINGS
        assert unicodedata.is_normalized("NFC", span.converted)
        end = span.end
    if not spans:
        assert convert_legacy(text) == text
