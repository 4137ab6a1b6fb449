"""Scripts: every character range and script test northalign uses, in one place.

Cyrillic and Han decide which terms a document can need (an English document
never pays for compiling Chinese terms), which language a text is in, and how
plausible a decoding is.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Han ideographs (CJK Unified, Extension A, compatibility, supplementary planes).
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: Radicals that stand for an ordinary ideograph. PDFs printed by browsers and
#: office suites often map a glyph back to its radical code point (⼤ U+2F24
#: for 大, ⻓ U+2ED3 for 长): the Kangxi radicals (U+2F00–2FD5) all fold to the
#: ideograph under NFKC; of the CJK Radicals Supplement only U+2E9F and U+2EF3
#: do, the rest fold through :data:`RADICAL_SUPPLEMENT_FOLD`. U+2E80 (a
#: repetition mark) stands for no ideograph and is left out.
HAN_RADICALS = "\u2e81-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5"
#: Han characters as the tokenizer reads them: each one a token of its own,
#: the radicals folded to their ideograph by the normalizer, offsets kept.
CJK_RANGES = IDEOGRAPHS + HAN_RADICALS
#: Cyrillic letters, the Supplement included (Mongolian and other languages).
CYRILLIC = "\u0400-\u052f"
#: The basic blocks only: what a Russian or Chinese text decoded right is made of.
BASIC_CYRILLIC = "\u0400-\u04ff"
BASIC_HAN = "\u4e00-\u9fff"

#: A term whose text has none of a script's characters never has a key in
#: that script. (A test rebuilds both lists by scanning all of Unicode.)
CYRILLIC_CHARS = CYRILLIC + "\u1d78\ua69c\ua69d"
HAN_CHARS = (
    CJK_RANGES + "\u3038-\u303a\u3192-\u319f\u3220-\u3247"
    "\u3280-\u32b0\u32c0-\u32cb\u32ff\u3358-\u3370\u337b-\u337f\u33e0-\u33fe"
    "\U0001f210-\U0001f212\U0001f214-\U0001f23b\U0001f240-\U0001f248\U0001f250\U0001f251"
)


#: The CJK Radicals Supplement characters without a decomposition, mapped to
#: the ideograph each stands for: Unicode's EquivalentUnifiedIdeograph.txt
#: (Unicode 15), which Python's unicodedata does not carry. Every character
#: is mapped to one character, so offsets never move.
# fmt: off
RADICAL_SUPPLEMENT_FOLD: dict[int, int] = {
    0x2E81: 0x5382, 0x2E82: 0x4E5B, 0x2E83: 0x4E5A, 0x2E84: 0x4E59, 0x2E85: 0x4EBB,
    0x2E86: 0x5182, 0x2E87: 0x20628, 0x2E88: 0x5200, 0x2E89: 0x5202, 0x2E8A: 0x535C,
    0x2E8B: 0x353E, 0x2E8C: 0x5C0F, 0x2E8D: 0x5C0F, 0x2E8E: 0x5140, 0x2E8F: 0x5C23,
    0x2E90: 0x5C22, 0x2E91: 0x21BC2, 0x2E92: 0x5DF3, 0x2E93: 0x5E7A, 0x2E94: 0x5F51,
    0x2E95: 0x2B739, 0x2E96: 0x5FC4, 0x2E97: 0x5FC3, 0x2E98: 0x624C, 0x2E99: 0x6535,
    0x2E9B: 0x65E1, 0x2E9C: 0x65E5, 0x2E9D: 0x6708, 0x2E9E: 0x6B7A, 0x2EA0: 0x6C11,
    0x2EA1: 0x6C35, 0x2EA2: 0x6C3A, 0x2EA3: 0x706C, 0x2EA4: 0x722B, 0x2EA5: 0x722B,
    0x2EA6: 0x4E2C, 0x2EA7: 0x725B, 0x2EA8: 0x72AD, 0x2EA9: 0x738B, 0x2EAA: 0x24D14,
    0x2EAB: 0x76EE, 0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EAE: 0x25AD7, 0x2EAF: 0x7CF9,
    0x2EB0: 0x7E9F, 0x2EB1: 0x7F53, 0x2EB2: 0x7F52, 0x2EB3: 0x34C1, 0x2EB4: 0x5197,
    0x2EB5: 0x2626B, 0x2EB6: 0x7F8A, 0x2EB7: 0x2634C, 0x2EB8: 0x2634B, 0x2EB9: 0x8002,
    0x2EBA: 0x8080, 0x2EBB: 0x807F, 0x2EBC: 0x8089, 0x2EBD: 0x26951, 0x2EBE: 0x8279,
    0x2EBF: 0x8279, 0x2EC0: 0x8279, 0x2EC1: 0x864E, 0x2EC2: 0x8864, 0x2EC3: 0x8980,
    0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2, 0x2EC7: 0x278B2, 0x2EC8: 0x8BA0,
    0x2EC9: 0x8D1D, 0x2ECA: 0x27FB7, 0x2ECB: 0x8F66, 0x2ECC: 0x8FB6, 0x2ECD: 0x8FB6,
    0x2ECE: 0x8FB6, 0x2ECF: 0x9091, 0x2ED0: 0x9485, 0x2ED1: 0x9577, 0x2ED2: 0x9578,
    0x2ED3: 0x957F, 0x2ED4: 0x95E8, 0x2ED5: 0x28E0F, 0x2ED6: 0x961D, 0x2ED7: 0x96E8,
    0x2ED8: 0x9752, 0x2ED9: 0x97E6, 0x2EDA: 0x9875, 0x2EDB: 0x98CE, 0x2EDC: 0x98DE,
    0x2EDD: 0x98DF, 0x2EDE: 0x2967F, 0x2EDF: 0x98E0, 0x2EE0: 0x9963, 0x2EE1: 0x29810,
    0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F,
    0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEB: 0x6589,
    0x2EEC: 0x9F50, 0x2EED: 0x6B6F, 0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC, 0x2EF0: 0x9F99,
    0x2EF1: 0x9F9C, 0x2EF2: 0x4E80,
}
# fmt: on


@lru_cache(maxsize=1)
def _script_patterns() -> dict[str, re.Pattern[str]]:
    return {"cyrillic": re.compile(f"[{CYRILLIC_CHARS}]"), "han": re.compile(f"[{HAN_CHARS}]")}


def has_script(text: str, script: str) -> bool:
    """Does ``text`` hold a character of ``script`` ("cyrillic" or "han"), once normalized?"""
    return not text.isascii() and _script_patterns()[script].search(text) is not None


def term_script(text: str) -> str | None:
    """ "cyrillic" or "han" when ``text`` needs that script to be found, else None."""
    if text.isascii():
        return None
    for script in ("cyrillic", "han"):
        if has_script(text, script):
            return script
    return None


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
