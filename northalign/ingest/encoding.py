"""Decode the bytes of a text file whose encoding nobody wrote down.

Byte-order marks and strict UTF-8 settle most files; the rest go to
charset-normalizer, whose guess is then checked against plausibility scores
for the two families where detectors most often confuse siblings: Cyrillic
single-byte code pages (Windows-1251, KOI8-R, CP866, Mac) and Chinese
double-byte encodings (GB18030/GBK and Big5, which Japanese and Korean code
pages can also decode without error).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

# Names reported in the document JSON: WHATWG/IANA labels.
_LABELS = {
    "utf_8": "utf-8",
    "utf_8_sig": "utf-8",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16le",
    "utf_16_be": "utf-16be",
    "utf_32": "utf-32",
    "cp1251": "windows-1251",
    "koi8_r": "koi8-r",
    "koi8_u": "koi8-u",
    "cp866": "ibm866",
    "mac_cyrillic": "x-mac-cyrillic",
    "iso8859_5": "iso-8859-5",
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5",
    "cp950": "big5",
    "cp1252": "windows-1252",
    "latin_1": "iso-8859-1",
    "ascii": "utf-8",
}
_CYRILLIC_FAMILY = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
_CHINESE_FAMILY = ("gb18030", "big5")

# Russian letters by frequency in running text; a wrong code page turns them
# into capitals and rare letters, which score nothing.
_RUSSIAN_FREQUENT = "оеаинтсрвлкмдпуяызьбгчйхжшюцщэфъ"
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_HAN_RE = re.compile("[\u4e00-\u9fff]")
# The most frequent Chinese characters (simplified); traditional text is
# folded to simplified before it is scored.
_FREQUENT_HAN = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年"
    "过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心"
    "她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间"
    "由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给"
    "世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变"
    "四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社"
    "便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北"
    "边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济"
    "车亲极林服快办议往元英士证近失转夫令准布始怎存未远叫台单影具罗字爱击流备兵连调深商算质团集"
    "百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八"
    "功包片史委乎查轻易早曾除农找装广显阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随"
    "选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底"
    "站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻"
    "父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校"
    "苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居"
    "劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退"
    "既衣宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读超免压银买皇养伊怀执副乱抗犯追帮宣"
    "佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾"
    "弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯"
    "测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟"
    "诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽"
    "材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃"
    "牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店"
    "鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵"
    "刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折"
    "郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵尺煤矿能源港口"
)


def is_frequent_han(text: str) -> bool:
    """Is this one of the most frequent Chinese characters (simplified)?"""
    return len(text) == 1 and text in _FREQUENT_HAN


def label(codec: str) -> str:
    """The standard name of a Python codec, as reported in JSON."""
    name = codecs.lookup(codec).name.replace("-", "_")
    return _LABELS.get(name, name.replace("_", "-"))


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


_COMMON_PUNCTUATION = frozenset("，。、；：？！“”‘’《》（）«»…·№°")
_WORDISH_RE = re.compile(r"\w+|\W")
_LATIN_LETTER_RE = re.compile("[A-Za-z\u00c0-\u024f]")
#: Plausibility is judged on a sample: enough to tell code pages apart.
SAMPLE_CHARS = 20_000


@lru_cache(maxsize=1)
def _russian_weights() -> dict[str, float]:
    count = len(_RUSSIAN_FREQUENT)
    weights = {ch: 1.0 - index / (2 * count) for index, ch in enumerate(_RUSSIAN_FREQUENT)}
    # Capitals are normal at the start of words, but rarer than lowercase letters.
    weights.update({ch.upper(): 0.6 for ch in _RUSSIAN_FREQUENT})
    return weights


def plausibility(text: str) -> float:
    """How much ``text`` reads like prose in our languages, in [0, 1].

    ASCII, Latin letters and common punctuation count fully, Russian letters by
    frequency, Han characters when they are among the most frequent ones.
    Mojibake scores low: words that mix Latin and Cyrillic letters ("Cafй"),
    stray symbols, box drawing and kana count nothing.
    """
    from northalign.text.normalize import simplified

    text = text[:SAMPLE_CHARS]
    if not text:
        return 0.0
    weights = _russian_weights()
    total = 0.0
    for word in _WORDISH_RE.findall(text):
        if _CYRILLIC_RE.search(word) and _LATIN_LETTER_RE.search(word):
            continue  # mixed scripts inside one word: a wrong code page
        for ch in word:
            if ch.isascii() or ch in _COMMON_PUNCTUATION or _LATIN_LETTER_RE.match(ch):
                total += 1.0
            elif ch in weights:
                total += weights[ch]
            elif _HAN_RE.match(ch) and simplified(ch) in _FREQUENT_HAN:
                total += 1.0
    return total / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: every other byte of ASCII-range text is NUL."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    return _strict(data, codec)


@lru_cache(maxsize=1)
def _boms() -> tuple[tuple[bytes, str], ...]:
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    return (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )


_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def looks_binary(text: str) -> bool:
    """Control characters other than tabs, line and page breaks mean this is not prose."""
    sample = text[:SAMPLE_CHARS]
    return bool(sample) and len(_CONTROL_RE.findall(sample)) * 100 > len(sample)


def decode(data: bytes) -> tuple[str, str] | None:
    """Return ``(text, encoding label)``, or None when the bytes are not text."""
    decoded = _decode(data)
    if decoded is None or looks_binary(decoded[0]):
        return None
    return decoded


def _decode(data: bytes) -> tuple[str, str] | None:
    for bom, codec in _boms():
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return text, label(codec)
    # Before UTF-8: NUL bytes are valid UTF-8, and BOM-less UTF-16 is full of them.
    text = _utf16_without_bom(data)
    if text is not None:
        return text, label("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if b"\x00" in data:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    guess = codecs.lookup(best.encoding).name.replace("-", "_")
    # The detector's guess, checked against the siblings it most often confuses.
    options = [(plausibility(str(best)), 1, guess, str(best))]
    for codec in (*_CYRILLIC_FAMILY, *_CHINESE_FAMILY):
        decoded = _strict(data, codec) if codec != guess else None
        if decoded is not None:
            options.append((plausibility(decoded), 0, codec, decoded))
    _, _, codec, text = max(options, key=lambda option: (option[0], option[1]))
    return text, label(codec)
