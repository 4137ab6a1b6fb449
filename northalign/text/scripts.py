"""Scripts: every character range and script test northalign uses, in one place.

Cyrillic and Han decide which terms a document can need (an English document
never pays for compiling Chinese terms), which language a text is in, and how
plausible a decoding is.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Han ideographs (CJK Unified, Extension A, compatibility, supplementary planes).
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: Cyrillic letters, the Supplement included (Mongolian and other languages).
CYRILLIC = "\u0400-\u052f"
#: The basic blocks only: what a Russian or Chinese text decoded right is made of.
BASIC_CYRILLIC = "\u0400-\u04ff"
BASIC_HAN = "\u4e00-\u9fff"

#: A term whose text has none of a script's characters never has a key in
#: that script. (A test rebuilds both lists by scanning all of Unicode.)
CYRILLIC_CHARS = CYRILLIC + "\u1d78\ua69c\ua69d"
HAN_CHARS = (
    CJK_RANGES + "\u2e9f\u2ef3\u2f00-\u2fd5\u3038-\u303a\u3192-\u319f\u3220-\u3247"
    "\u3280-\u32b0\u32c0-\u32cb\u32ff\u3358-\u3370\u337b-\u337f\u33e0-\u33fe"
    "\U0001f210-\U0001f212\U0001f214-\U0001f23b\U0001f240-\U0001f248\U0001f250\U0001f251"
)


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
