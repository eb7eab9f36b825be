import codecs

import pytest

from cleaner.read import InputError, decode, split_lines

CHINESE = "清河治理工程全面完工\r\n\r\n经过两年的建设，河道水质明显改善。\r\n"
ENGLISH = "THE HARBOR STRIKE\n\nThe engineers’ demands were granted yesterday; café owners cheered.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5",
                                      "utf-16", "utf-16-le", "utf-16-be"])
def test_chinese_encodings_round_trip(encoding):
    text = CHINESE if encoding != "big5" else "清河治理工程全面完工\r\n\r\n經過兩年的建設，河道水質明顯改善。\r\n"
    data = text.encode(encoding)
    source = decode(data, "page.txt")
    assert list(source.lines) == list(split_lines(text))


def test_gb18030_detected_by_name():
    source = decode(("经过两年的建设，河道水质明显改善，沿岸绿道也向市民开放。" * 3).encode("gb18030"),
                    "p.txt")
    assert source.encoding.replace("-", "").lower() in {"gb18030", "gbk", "gb2312"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_english(encoding):
    assert decode(ENGLISH.encode(encoding), "p.txt").lines == split_lines(ENGLISH)


def test_cp1252_english():
    source = decode(ENGLISH.encode("cp1252"), "p.txt")
    assert "engineers’ demands" in source.text and "café" in source.text


@pytest.mark.parametrize(("text", "encoding", "named"), [
    ("北京市长访问", "gbk", "gb18030"),        # charset-normalizer alone: Korean or Big5
    ("臺北市長訪問", "big5", "big5"),
    ("The café opened.", "latin-1", "cp1252"),  # alone: mac_latin2 (cafť) or cp1250
    ("The café’s owner.", "cp1252", "cp1252"),
])
def test_short_legacy_pages_read_as_the_commonest_clean_reading(text, encoding, named):
    source = decode(text.encode(encoding), "p.txt")
    assert source.text.strip() == text
    assert source.encoding == named


def test_crlf_and_cr_and_bom_number_lines_like_an_editor():
    source = decode(codecs.BOM_UTF8 + b"a\r\nb\rc\n\nd", "p.txt")
    assert source.lines == ("a", "b", "c", "", "d")
    assert source.encoding == "utf-8-sig"


def test_full_width_and_no_break_spaces_become_plain():
    source = decode("　　科学导报\u3000近日，开会。\u00a0\n".encode(), "p.txt")
    assert source.lines == ("科学导报 近日，开会。",)


def test_forced_encoding():
    data = "清河".encode("big5")
    assert decode(data, "p.txt", encoding="big5").lines == ("清河",)
    with pytest.raises(InputError, match="unknown encoding"):
        decode(data, "p.txt", encoding="no-such-codec")


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                                  b"\x1f\x8b\x08\x00" + bytes(200),
                                  bytes(range(32)) * 50])
def test_binary_is_not_text(data):
    with pytest.raises(InputError, match="not a text file"):
        decode(data, "x.txt")


def test_a_few_bad_bytes_in_utf8_are_replaced_and_counted():
    data = ("正常的文字内容。" * 40).encode() + b"\xff\xfe\xfa" + "结尾。".encode()
    source = decode(data, "p.txt")
    assert source.encoding == "utf-8"
    assert source.replaced_bytes == 3
    assert source.text.endswith("结尾。")


def test_empty_input():
    assert decode(b"", "p.txt").lines == ()
