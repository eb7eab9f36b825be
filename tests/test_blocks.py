from cleaner.blocks import split_blocks


def test_any_number_of_blank_lines_separates_blocks():
    blocks = split_blocks(["", "", "a", "", "", "", "b", "c", ""])
    assert [(b.first, b.last, b.lines) for b in blocks] == [(3, 3, ("a",)), (7, 8, ("b", "c"))]
    assert [b.index for b in blocks] == [0, 1]


def test_no_text_no_blocks():
    assert split_blocks(["", "", ""]) == []
    assert split_blocks([]) == []
