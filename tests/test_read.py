import codecs
from pathlib import Path

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


# --- whole real pages saved in legacy code pages ---------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real"
WHOLE_PAGES = [
    (ROOT / "samples" / "nytribune-1903-05-01.txt", ("latin-1", "cp1252", "utf-16",
                                                     "utf-16-le", "utf-16-be")),
    (REAL / "lunion-1860-11-30-p1-fr.txt", ("latin-1", "cp1252", "utf-16-le")),
    (REAL / "buendnerlandbote-1845-12-28-p1-de.txt", ("latin-1", "cp1252")),
    (REAL / "groningenadvertentieblad-1813-11-16-p1-nl.txt", ("latin-1", "cp1252")),
    (ROOT / "samples" / "000_cdcccbc17d5f7ba6.txt", ("gb18030", "gbk", "big5", "utf-16",
                                                    "utf-16-be")),
]


@pytest.mark.parametrize(("path", "encoding"), [(p, e) for p, encs in WHOLE_PAGES for e in encs],
                         ids=lambda x: x.name if isinstance(x, Path) else x)
def test_whole_real_page_round_trips(path, encoding):
    """Every letter of a real page comes back, and the name recorded decodes the bytes so
    (latin-1 bytes are named cp1252 when the two read the same: cp1252 is the superset
    browsers and Windows use for `latin-1`)."""
    text = path.read_text(encoding="utf-8")
    data = text.encode(encoding, errors="replace")  # Big5 lacks some simplified characters
    want = data.decode(encoding)
    source = decode(data, path.name)
    assert source.lines == split_lines(want)
    assert data.decode(source.encoding, errors="replace") == want
    if encoding in ("latin-1", "cp1252"):
        assert source.encoding == "cp1252"
    elif encoding.startswith("utf-16"):
        assert source.encoding.startswith("utf-16")
    else:
        assert source.encoding in {"gb18030", "gbk", "big5"}
        assert source.encoding == "big5" or encoding != "big5"


def test_latin1_page_with_c1_bytes_is_not_cp1252():
    """Bytes 0x80-0x9f are controls in latin-1 and quotes in cp1252: a page that uses them
    as quotes is cp1252, and its quotes come back."""
    text = (REAL / "lunion-1860-11-30-p1-fr.txt").read_text(encoding="utf-8")
    data = ("« Le discours », dit-il : “ oui ” — " + text).encode("cp1252", errors="replace")
    source = decode(data, "p.txt")
    assert source.encoding == "cp1252"
    assert "“ oui ” —" in source.lines[0]


def test_first_run_says_the_chinese_word_list_is_built(tmp_path, monkeypatch, capsys):
    """The Chinese word list is built once per machine for some seconds: it is said on a
    terminal's stderr, only when the file is missing, and the file is read back after."""
    import sys
    from array import array

    from cleaner import chinese_words

    small = chinese_words.ChineseWords.from_entries(
        ["中", "中国", "国"], array("i", [5, 9, 4]), array("h", [0, 512, 0]),
        array("B", [0, chinese_words.ORDINARY, 0]), 18)
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(chinese_words, "build", lambda: small)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert chinese_words.words.__wrapped__() is small
    assert "building the Chinese word list" in capsys.readouterr().err
    monkeypatch.setattr(chinese_words, "build", lambda: pytest.fail("built twice"))
    again = chinese_words.words.__wrapped__()
    assert capsys.readouterr().err == ""
    assert again == small


def test_chinese_word_list_in_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    """A cache folder that cannot be made is no error: the list lives for the process."""
    from array import array

    from cleaner import chinese_words

    small = chinese_words.ChineseWords.from_entries(["中"], array("i", [5]), array("h", [0]),
                                       array("B", [0]), 5)
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "file" / "cache"))
    monkeypatch.setattr(chinese_words, "build", lambda: small)
    assert chinese_words.words.__wrapped__() is small


def test_a_damaged_chinese_word_list_is_built_again(tmp_path, monkeypatch):
    from array import array

    from cleaner import chinese_words

    small = chinese_words.ChineseWords.from_entries(
        ["中", "中国"], array("i", [5, 9]), array("h", [0, 512]), array("B", [0, 2]), 14)
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(chinese_words, "build", lambda: small)
    chinese_words.words.__wrapped__()
    (written,) = tmp_path.glob("chinese-words.*.bin")
    written.write_bytes(written.read_bytes()[:-3])  # cut off, as by a full disk
    calls = []
    monkeypatch.setattr(chinese_words, "build", lambda: calls.append(1) or small)
    assert chinese_words.words.__wrapped__() == small and calls == [1]
