"""Every constant the stages share: punctuation classes, marker patterns, size limits.

Kept in one place so a reader can see all the typographic knowledge the tool relies on,
and so no stage hides a literal that another stage contradicts.
"""

from __future__ import annotations

import re

# --- scripts -------------------------------------------------------------------------------

CJK_CHAR = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK_CHAR}]")
CJK_RUN_RE = re.compile(f"[{CJK_CHAR}]+")
LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")

# --- punctuation ---------------------------------------------------------------------------

#: Ends a sentence: a block ending here is complete (a closing quote or bracket may follow).
SENTENCE_FINAL = "。！？!?…."
#: The Chinese ones, which no line starts with: one there (an OCR engine moved it, or a
#: renderer broke before it) ends the line above.
CJK_SENTENCE_FINAL = "。！？"
#: What OCR engines read for a Chinese full stop `。` (the small circle) after a character.
MISREAD_FULL_STOP = "Oo"
#: Closes a quotation or bracket; looked through when asking how a block ends.
CLOSERS = "”’」』）)》〉】]\"'"
#: Opens a quotation or bracket; a block ending on one is cut.
OPENERS = "“‘「『（(《〈【["
#: Punctuation inside a sentence: a block ending on one continues in the next block.
CONTINUING = "，、；：,;:—–"
#: Any punctuation, for telling a one-character stub (`项、`) from a word.
PUNCTUATION = SENTENCE_FINAL + CLOSERS + OPENERS + CONTINUING + "·-/"
#: Hyphens an English line may end on when a word is cut.
HYPHENS = "-\u00ad\u2010\u2011"

#: Chinese enumerators: `一、` starts a list item, not a cut word.
CJK_ENUMERATORS = "一二三四五六七八九十甲乙丙丁"

# --- whitespace ----------------------------------------------------------------------------

#: Characters the reader turns into a plain space (full-width, no-break and thin spaces).
SPACE_LIKE = "\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f"
#: Invisible characters the reader drops (BOM, zero-width).
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"

# --- continuation markers ------------------------------------------------------------------

_CJK_MARKER_CORE = (r"(?P<verb>上接|接上|紧接|承上|接|下转|转下|转)\s*第?\s*"
                    r"(?P<page>[A-Za-z]?\s*\d+|[一二三四五六七八九十]+)\s*(?:版|页|面)")
#: `（上接A3版）`, `（下转第3版）`, `(接第2页)`: the page reference is group `page`.
CJK_MARKER_RE = re.compile(rf"^[（(]?\s*{_CJK_MARKER_CORE}\s*[）)]?$")
#: The same marker in brackets at the start or end of a paragraph (`…机制。（下转第3版）`).
CJK_INLINE_MARKER_RE = re.compile(rf"[（(]\s*{_CJK_MARKER_CORE}\s*[）)]")
CJK_MARKER_FROM = ("上接", "接上", "紧接", "承上", "接")

#: Ordinals as English markers spell page numbers ("Continued on second page").
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth")
#: ...and cardinals after the word ("Continued on Page Three").
CARDINALS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve")
#: What a marker names a page by: `5`, `A3`, `D-1`, `second`, `Three`, `next` -- not any
#: word (`SEE THE` / `ARCADE ON SATURDAYS` is an advertisement's line, not a marker).
_PAGE_WORD = (r"(?:\d{1,3}|[A-Za-z]-?\d{1,3}|next|following|"
              + "|".join(ORDINALS + CARDINALS) + r")\b")

#: "Continued from Page 2", "(Continued on page 5.)", "See page 3".
LATIN_MARKER_RE = re.compile(
    r"^[(\[]?\s*(?P<verb>continued\s+from|continued\s+on|continued\s+to|concluded\s+on|"
    r"see)\s+(?:the\s+)?(?:page\s+|p\.\s*)?(?P<page>" + _PAGE_WORD + r")(?:\s+page)?"
    r"(?:\s*,?\s*col(?:umn|\.)?\s*\w+)?\s*[.)\]]*\s*\.?$",
    re.IGNORECASE,
)

#: The page references `write.render` sets between an article's headings and its text
#: (`[from page 7]`, `[from page A2; to page 5]`): worded so as not to read as markers, and
#: never part of the paragraph around them when the text is cleaned again.
PAGE_REFERENCE_NOTE_RE = re.compile(r"^\[(?:from page [^;\]]+)?(?:; )?(?:to page [^;\]]+)?\]$")

#: "(Continued on Page 5.)" in brackets at the start or end of a paragraph.
LATIN_INLINE_MARKER_RE = re.compile(
    r"[(\[]\s*(?:continued|concluded)\s+(?:from|on|to)\s+(?:the\s+)?(?:page\s+|p\.\s*)?"
    + _PAGE_WORD +
    r"(?:\s+page)?(?:\s*,?\s*col(?:umn|\.)?\s*\w+)?\s*\.?\s*[)\]]\.?", re.IGNORECASE)

#: Lowest rapidfuzz ratio for an OCR-garbled line to count as a marker template...
MARKER_FUZZY_MIN = 60
#: ...when the line holds a page number; without a digit it must match this closely.
MARKER_CLEAR = 75
#: Letters (a-z only) a garbled marker line may have; longer lines are prose.
MARKER_LETTERS = (10, 32)

# --- page furniture and advertisements -----------------------------------------------------

#: Month and weekday names of the languages the tool reads (with the abbreviations and
#: older spellings printed in their newspapers): folios, mastheads and datelines name
#: dates, in the paper's own language (`MERCREDI, 24 Mai 1865`, `Münster, 29. März.`).
MONTH_NAMES = {
    "en": "january february march april may june july august september october november "
          "december jan feb mar apr jun jul aug sep sept oct nov dec",
    "fr": "janvier février fevrier mars avril mai juin juillet août aout septembre octobre "
          "novembre décembre decembre janv févr fevr avr juil sept oct nov déc dec",
    "de": "januar jänner februar märz marz april mai juni juli august september oktober "
          "november dezember jan febr aug sept okt dez",
    "nl": "januari februari maart april mei mey juni juny juli july augustus september "
          "october oktober november december jan febr aug sept octob novemb decemb",
    "da": "januar februar marts april maj juni junii juli julii august september oktober "
          "october november december",
}
WEEKDAY_NAMES = {
    "en": "monday tuesday wednesday thursday friday saturday sunday",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag",
    "nl": "maandag dinsdag woensdag donderdag vrijdag vrydag zaterdag saterdag zondag",
    "da": "mandag tirsdag onsdag torsdag fredag lørdag løverdag søndag",
}


def _alternation(names: dict[str, str]) -> str:
    """One regex alternation of every language's words, the longest first."""
    words = {w for text in names.values() for w in text.split()}
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


MONTHS = _alternation(MONTH_NAMES)
_WEEKDAYS = _alternation(WEEKDAY_NAMES)
#: A year a newspaper was printed in (1600-2099).
_YEAR = r"(?:1[6-9]|20)\d\d"
#: Folio and masthead signals. Two strong ones, or a strong and a weak one, make a short
#: line page furniture; weak ones alone only on a line set in capitals (`PRICE THREE
#: CENTS.`), since "price" and "cents" are common words in running text.
FURNITURE_SIGNALS = (
    re.compile(rf"\b(?:{_WEEKDAYS})\b", re.IGNORECASE),
    re.compile(r"\bpages\b|\b(?:page|seite|pagina)\s*[A-Z]?\d{1,3}\b", re.IGNORECASE),
    re.compile(r"\b[LXVI]*[LXC][LXVI]{2,}\b"),  # volume numbers in roman numerals
    re.compile(r"\b\d{1,3}[.,]\d{3}\b|\b\d{5,}\b"),  # issue numbers (20,620)
    re.compile(r"星期\s*[一二三四五六日天]"),
    re.compile(r"第\s*[A-Z]?\d+\s*版|第[一二三四五六七八九十]+版"),
    # OCR spaces digits apart, and drops the 日 at a folio's edge (`2005年8月8`) or
    # before the weekday (`2021年1月22星期`, an ALTO line whose wide gap closed up)
    re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}(?:\s*日|(?=\s|$|星期))"),
    # `March 6, 1916`, `24 Mai 1865`, `29. März 1890`, `den 14 December 1750`, and with
    # the space after the comma lost (`DECEMBER 29,1881`)
    re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,\s*|\s+){_YEAR}\b"
               rf"|\b\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:{MONTHS})\.?(?:\s*,\s*|\s+){_YEAR}\b",
               re.IGNORECASE),
    re.compile(r"责任编辑|责编|美编|校对|版式设计|邮发代号|统一刊号|CN\d{2}-\d{4}"),
)
WEAK_FURNITURE_SIGNALS = (
    re.compile(r"\bprice\b", re.IGNORECASE),
    re.compile(r"\bcents?\b", re.IGNORECASE),
    re.compile(r"\bvol(?:ume)?\b\.?", re.IGNORECASE),
    re.compile(r"\bedition\b", re.IGNORECASE),
    # `SIXTEENTH YEAR`, as OCR reads it (`YEAH`, `YEAB`)
    re.compile(r"\b(?:first|second|third|[a-z]{3,}(?:th|st|nd|rd))\s+yea[rhbkn]\b", re.IGNORECASE),
    re.compile(r"\bnu[mn][bhl]e[rkhb]\.?\s*\d+|\bno\.\s*\d+", re.IGNORECASE),  # NUMBER 258
    # a weekday whose day the engine dropped (`星期` before a space or at the line's end)
    re.compile(r"(?<![上下这本每])星期(?=\s|$)"),
    # a date whose month the engine cut off or read apart (`PRIL 6, 1924`)
    re.compile(rf"\b(?!(?i:{MONTHS})\b)[A-Za-z]+\.?\s+\d{{1,2}},\s*{_YEAR}\b"),
)
#: A line that only marks a page (`=== page 12 ===`, `--- Page 3 ---`): it splits large
#: inputs into pages and is page furniture itself.
PAGE_MARKER_RE = re.compile(r"^\s*(?:={3,}|-{3,})\s*page\s+\d+\s*(?:={3,}|-{3,})\s*$",
                            re.IGNORECASE)
#: A folio field on a line of its own, as an OCR engine splits a folio into blocks: the
#: page label (`PAGE 4`, `Seite 3`, `— 7 —`), or the Chinese page label with the paper's
#: or section's name after it (`第B4版 经济观察导报`, no punctuation of a sentence).
PAGE_LABEL_RE = re.compile(
    r"^\W{0,3}(?:page|seite|pagina|página|side|sida|blz\.?|p\.)\s*[A-Z]?\d{1,3}\W{0,3}$"
    r"|^\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$"
    r"|^\s*第\s*[A-Z]?\d{1,3}\s*版[^，。！？；：、,.!?;:]{0,16}$",
    re.IGNORECASE)
#: Longest line that can be page furniture.
FURNITURE_MAX = 90
#: "-Advt." closing a newspaper advertisement, as OCR garbles it ("-AdvL", "-lAdvt.").
ADVERT_END_RE = re.compile(r"[-—.]\s*\W{0,2}[il1|]?\s*adv[a-z]{0,2}\W{0,4}\s*\S{0,3}$",
                           re.IGNORECASE)

# --- article parts -------------------------------------------------------------------------

#: A dateline token is short and holds no sentence punctuation (`城市晚报`, `记者张明`).
DATELINE_TOKEN_MAX = 10
#: `本报讯（记者 张三）`, `新华社北京5月1日电`: datelines without a space after them.
CJK_DATELINE_RE = re.compile(
    r"^(?P<dateline>(?:本报|本刊)讯(?:\s*[（(][^（()）]{1,24}[）)]|\s*(?:记者|通讯员)[^，。：:\s]{1,12}"
    r"报道[：:])?|"
    r"[^\s，。、；：]{2,16}\d{1,2}月\d{1,2}日电(?:\s*[（(][^（()）]{1,24}[）)])?)\s*"
)
#: How the source of a story names itself before its first sentence: a paper (`城市晚报`),
#: an agency or site (`新华社`, `人民网`), a reporter (`记者王波`).
CJK_SOURCE_RE = re.compile(r"(?:报|刊|社|网|台|讯|电|频道|新闻|客户端)$|^(?:本报|本刊)?(?:特约)?"
                           r"(?:记者|通讯员|实习生|见习记者)")
#: What an OCR engine reads a full-width space between Chinese words as: a quote mark
#: (Tesseract's chi_sim: `本报记者　王明` -> `本报记者”王明`).
MISREAD_WIDE_SPACE = "“”\""
#: Byline words that introduce reporters' names.
BYLINE_PREFIX_RE = re.compile(
    r"^(?:(?:本报|新华社|中新社|特约|见习)?(?:记者|通讯员|实习生|撰稿人?|作者)"
    rf"[:：\s{MISREAD_WIDE_SPACE}]*|"
    r"(?:文|图|文图|图文|by)(?:\s*[:：/／]\s*|\s+))", re.IGNORECASE)
#: Traditional characters of the words the patterns here look for (报, 记者, 编辑, 转, 电,
#: common surnames...), mapped one to one onto simplified ones, so that Taiwan and Hong
#: Kong pages match the same patterns; positions in the text do not move.
TRADITIONAL_TO_SIMPLIFIED = str.maketrans(
    "報訊記員實習責編輯對審來攝圖製轉電網頻聞華臺題讀專欄陳劉楊黃趙吳孫馬鄭謝韓馮鄧蕭許葉蘇"
    "呂盧蔣錢顧龍萬賴鍾譚陸範賈鄒湯羅張韋閻嚴樂龔聶爾齊喬廣彥閔項倫鳳鄔於藍",
    "报讯记员实习责编辑对审来摄图制转电网频闻华台题读专栏陈刘杨黄赵吴孙马郑谢韩冯邓萧许叶苏"
    "吕卢蒋钱顾龙万赖钟谭陆范贾邹汤罗张韦阎严乐龚聂尔齐乔广彦闵项伦凤邬于蓝")
#: A Chinese personal name: two to four characters, optionally with a middle dot.
CJK_NAME_RE = re.compile(f"^[{CJK_CHAR}]{{2,4}}(?:·[{CJK_CHAR}]{{1,6}})?$")
#: Common Chinese surnames, single and compound: a bare name (`付雅祺`) starts with one.
CJK_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝萧阎赖"
) | {"欧阳", "司马", "上官", "诸葛", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒",
     "夏侯", "长孙", "宇文", "端木", "独孤", "轩辕", "呼延", "万俟"}
#: Longest byline line, in characters without spaces.
BYLINE_MAX = 16
#: Longest line that can be a heading (titles can be long when they quote an event name).
HEADING_MAX = 80
#: Initials signing a column (`J. K. L.`) or `By JOHN SMITH`.
LATIN_BYLINE_RE = re.compile(
    r"^(?:(?:[A-Z]\.\s?){2,4}|[Bb][Yy]\s+[A-Z][\w.'’-]*"
    r"(?:\s+(?:[A-Z][\w.'’-]*|of|the|and|de|van|von|y)){0,5}"
    r"(?:,\s+(?:[A-Z][\w'’-]*\s*){1,3}\.?)?)$")  # `By John Smith, Staff Writer`
#: A signature after a dash closing a letter or a report: `—John Smith`, `— J. W. S.`
LATIN_SIGNATURE_RE = re.compile(r"^[—–-]+\s*(?:[A-Z][\w.'’-]*\s*){1,4}$")
#: `Paris, June 3.— The council…`: a place and date closed by a dash.
LATIN_DATELINE_RE = re.compile(
    rf"^(?P<dateline>[A-Z][^—]{{1,40}}?\b(?:{MONTHS})\b[^—]{{0,18}}?)\s*(?:—|--|-—)\s*"
    r"(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
#: `Münster, 29. März. Ein Teil…`, `Londen den 14 December. Den Koning…`: a place, a day
#: and a month closed by a full stop, as the continental papers set their news items.
DATED_PLACE_RE = re.compile(
    rf"^(?P<dateline>[^\W\d_][\w'’.-]*(?:[ -][^\W\d_][\w'’.-]*){{0,2}}(?:,\s*|\s+den\s+)"
    rf"\d{{1,2}}\.?\s*(?:{MONTHS})\.?(?:\s+{_YEAR})?\.)\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL)
#: Wire and copyright credits printed under a headline: `(Special to The Herald.)`.
CREDIT_RE = re.compile(
    r"^\W{0,5}(?:\(|\[|\{)?\s*(?:special\b|copyright\b|by\s+(?:cable|telegraph|the\s+associated)"
    r"|(?:by\s+)?(?:cable|telegraph|wireless)\s+to\b)", re.IGNORECASE)
#: The same credits as letters only, matched fuzzily at the start of OCR-garbled lines.
CREDIT_TEMPLATES = ("specialto", "specialcableto", "specialdispatchto", "bytelegraphto",
                    "bycableto", "cabletothe", "copyright", "bytheassociatedpress")
#: Lowest rapidfuzz ratio for a garbled line start to count as a credit template.
CREDIT_FUZZY_MIN = 75
#: An editor's, photographer's or source line closing a Chinese article: `（编辑：王红）`,
#: `责任编辑 李明`, `（来源：新华社）`, `（完）`.
CJK_CLOSING_CREDIT_RE = re.compile(
    r"^[（(【\[]?\s*(?:(?:责任编辑|责编|编辑|编审|校对|审核|审校|终审|来源|稿件来源|供稿|摄影|摄|"
    r"图片|美编|制图|组稿|值班编辑|版式|编者)\s*[：:／/\s]\s*[^（()）]{1,40}|完|全文完)\s*[）)】\]]?$")
#: The end of a serial's instalment, in the languages read: `(To be continued.)`, `[THE
#: END.]`, `(A suivre.)`, `(Fortsetzung folgt.)`, `(Wordt vervolgd.)`, `(Fortsættes.)`.
LATIN_INSTALMENT_END_RE = re.compile(
    r"^[(\[]?\s*(?:to\s+be\s+(?:continued|concluded)(?:\s+(?:next\s+week|in\s+our\s+next))?|"
    r"continued\s+next\s+week|the\s+end|finis|fin|[àa]\s+suivre|fortsetzung\s+folgt|"
    r"schlu(?:ss|ß)\s+folgt|ende|wordt\s+vervolgd|slot\s+volgt|einde|forts[æa]ttes|slut)"
    r"\s*[.!]?\s*[)\]]?\s*\.?$", re.IGNORECASE)
#: A photo caption: `图为新建成的大桥。`, `上图：…`, or a line signed by its photographer
#: (`… 本报记者 张明 摄`, `（李红 摄）`).
CJK_CAPTION_RE = re.compile(
    r"^[（(]?(?:[上下左右小]?图[①-⑩\d一二三四五六七八九十]?\s*[：:为]|图片[：:])|"
    r"[\s（(][^\s，。（()）]{2,8}\s*摄(?:影)?[）)]?$|^[（(]?[^\s，。（()）]{2,8}\s*摄[）)]?$")
#: A Chinese caption's last words: its photographer's credit (`… 本报记者 张明 摄`).
CJK_CAPTION_END_RE = re.compile(r"摄(?:影)?\s*[）)]?\s*$")
#: An English photo credit line: `(Photo by Underwood & Underwood.)`, `Staff photo.`
LATIN_CAPTION_RE = re.compile(
    r"^[(\[—-]*\s*(?:staff\s+)?photo(?:graph)?s?(?:\s+(?:by|from|courtesy(?:\s+of)?)\s+[^.]{2,60})?"
    r"\.?\s*[)\]]?\.?$", re.IGNORECASE)
#: Longest line read as a caption.
CAPTION_MAX = 160
#: Ornaments printed before a byline or a subhead (`■ 本报记者 张明`).
ORNAMENTS = "■□●○◆◇▲△★☆▶►◎※·•"
#: A subtitle introduced by a dash.
SUBTITLE_DASH_RE = re.compile(r"^\s*(?:——|—|－－|--)")

# --- joins ---------------------------------------------------------------------------------

#: A block this long without final punctuation was almost certainly cut, not a heading
#: (in characters: Chinese, then alphabetic text, whose words are longer).
LONG_BLOCK = 30
LATIN_LONG_BLOCK = 60
#: Short function words that stay lower case inside a title-case headline.
MINOR_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "with",
})
#: Share of capital letters for a line to count as set in capitals despite OCR noise.
CAPS_SHARE = 0.8
#: Most words an English headline or deck line has.
LATIN_HEADLINE_WORDS = 14
#: A block this short could be a heading or byline as easily as a fragment.
SHORT_BLOCK = 15
#: Characters shown on each side of a join in the manifest and the preview.
JOIN_CONTEXT = 6
#: Characters of context a doubled-character flag shows left and right of the break.
FLAG_CONTEXT_LEFT = 4
FLAG_CONTEXT_RIGHT = 2
