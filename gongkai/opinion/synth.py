"""A generator of realistic synthetic opinion items: stories told in several rewordings, plus noise.

Used by ``bench_opinion``, the clustering tests and the demo. A *story* is a set of facts — a place,
a company, an incident kind with its details, a number of days — and each *rewording* tells it with
another opening, another order of facts, synonyms and a different closing remark, as posts,
reposts and news items about one incident do. *Noise* items are unrelated posts on the same
subjects (weather, policy news, praise), so that the common vocabulary (环境, 污染, 群众) is everywhere.
Deterministic for a given seed.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass

CITIES = {
    "贵阳市": ["花溪区", "乌当区", "白云区", "观山湖区", "清镇市", "修文县", "息烽县", "开阳县"],
    "遵义市": ["汇川区", "红花岗区", "播州区", "仁怀市", "赤水市", "桐梓县", "湄潭县", "习水县"],
    "六盘水市": ["钟山区", "水城区", "盘州市", "六枝特区"],
    "安顺市": ["西秀区", "平坝区", "普定县", "镇宁县", "关岭县"],
    "毕节市": ["七星关区", "大方县", "黔西市", "金沙县", "织金县", "纳雍县", "威宁县", "赫章县"],
    "铜仁市": ["碧江区", "万山区", "江口县", "玉屏县", "石阡县", "思南县", "松桃县"],
    "黔东南州": ["凯里市", "黄平县", "施秉县", "三穗县", "镇远县", "岑巩县", "天柱县", "锦屏县", "剑河县"],
    "黔南州": ["都匀市", "福泉市", "荔波县", "贵定县", "瓮安县", "独山县", "平塘县", "罗甸县", "龙里县"],
    "黔西南州": ["兴义市", "兴仁市", "普安县", "晴隆县", "贞丰县", "望谟县", "册亨县", "安龙县"],
}
TOWN_CHARS = "青岩龙场石板茅坪马场羊场麦坪新店高坡燕楼久安百宜朱昌沙文牛场金华长顺平寨桥头河坝松林柏杨云峰永乐"
NAME_CHARS = "鑫盛华宏源泰丰恒达兴隆金鼎瑞祥永利德昌汇通和顺宝安嘉裕联创精诚天海明辉润峰博远骏程凯旋志诚信义"
INDUSTRIES = [
    ("化工有限公司", "化工厂"),
    ("磷化工有限责任公司", "磷化工厂"),
    ("煤业有限公司", "煤矿"),
    ("水泥有限公司", "水泥厂"),
    ("铝业有限公司", "铝厂"),
    ("锰业有限公司", "锰厂"),
    ("养殖专业合作社", "养殖场"),
    ("建材有限公司", "砂石厂"),
    ("冶炼有限公司", "冶炼厂"),
    ("制药有限公司", "药厂"),
]
RIVERS = ["南明河", "乌江", "清水江", "赤水河", "北盘江", "都柳江", "舞阳河", "猫跳河", "三岔河", "芙蓉江", "锦江"]
KINDS = [
    {
        "facts": [
            "往{river}偷排{color}废水",
            "排污口流出的水发黑发臭",
            "{village}河边的鱼大量死亡",
            "{village}村民不敢用河水浇地",
            "每天{time}开始排放",
            "一根{n}米长的暗管通到河里",
            "河面漂着{color}泡沫",
            "{village}的稻田被污水淹了",
        ],
        "synonyms": {"偷排": ["偷偷排放", "私自排放"], "发黑发臭": ["又黑又臭", "黑臭"]},
    },
    {
        "facts": [
            "{time}排放刺鼻废气",
            "烟囱冒出浓浓{color}烟",
            "{village}居民咳嗽头晕",
            "{village}的窗户都不敢打开",
            "{n}根烟囱同时冒烟",
            "车上落了一层{color}灰",
            "晚上的味道像烧胶皮",
            "{village}小学的孩子戴着口罩上课",
        ],
        "synonyms": {"刺鼻": ["呛人", "刺鼻难闻"], "浓浓": ["滚滚", "大量"]},
    },
    {
        "facts": [
            "尾矿库渗漏",
            "渗滤液流进{river}支流",
            "{village}沿岸庄稼枯死一片",
            "水面漂着一层{color}沫",
            "坝体出现{n}米长的裂缝",
            "{village}的水井变成{color}",
            "{time}有人偷偷往库里倒渣",
            "下游{n}亩鱼塘受到影响",
        ],
        "synonyms": {"渗漏": ["出现渗漏", "发生渗漏"], "枯死一片": ["成片枯死", "大片枯黄"]},
    },
    {
        "facts": [
            "运渣车乱倒废渣",
            "{village}后山沟里堆满工业固废",
            "下雨后污水横流",
            "臭味飘到{village}",
            "{time}有{n}辆车进出倾倒",
            "废渣堆成了{n}米高的小山",
            "渣堆渗出{color}的水",
            "{village}的山林被压毁了",
        ],
        "synonyms": {"乱倒": ["随意倾倒", "偷倒"], "污水横流": ["污水四溢", "黑水横流"]},
    },
    {
        "facts": [
            "机器轰鸣到{time}",
            "噪声大得睡不着觉",
            "{village}的老人孩子休息不好",
            "多次反映没人管",
            "{n}台破碎机同时开工",
            "{village}房子墙上震出裂缝",
            "粉尘把{village}的菜地盖成{color}",
            "拉料的货车整夜鸣笛",
        ],
        "synonyms": {"轰鸣": ["轰隆作响", "响个不停"], "没人管": ["无人处理", "没有回音"]},
    },
    {
        "facts": [
            "粪污直排进{river}",
            "养殖废水流进{village}的水田",
            "蚊蝇成群",
            "{village}的井水出现异味",
            "存栏{n}头猪的粪水没有处理",
            "化粪池{time}溢出",
            "水沟里的水变成{color}",
            "{village}的孩子身上长了疹子",
        ],
        "synonyms": {"直排": ["直接排放", "直接排入"], "蚊蝇成群": ["苍蝇蚊子成群", "蚊蝇乱飞"]},
    },
    {
        "facts": [
            "厂区发生危化品泄漏",
            "空气中弥漫着刺激性气味",
            "{village}小学临时停课",
            "消防车赶到现场处置",
            "{time}听到一声闷响",
            "厂区上空飘着{color}烟雾",
            "{n}名工人被送往医院检查",
            "{village}的村民被疏散",
        ],
        "synonyms": {"泄漏": ["泄露", "外泄"], "临时停课": ["紧急停课", "暂停上课"]},
    },
    {
        "facts": [
            "露天焚烧电线和垃圾",
            "浓烟笼罩{village}",
            "空气里全是塑料燃烧的味道",
            "晾的衣服都变{color}了",
            "{time}点火烧到天亮",
            "烧过的灰堆在{river}边上",
            "{n}户人家的菜地被熏坏",
            "{village}的老人咳得厉害",
        ],
        "synonyms": {"露天焚烧": ["在露天烧", "公开焚烧"], "浓烟笼罩": ["浓烟罩住", "烟雾笼罩"]},
    },
]
COLORS = ["黄色", "红色", "白色", "黑色", "绿色", "灰色", "褐色", "乳白色", "蓝色"]
TIMES = ["凌晨两点", "半夜", "每天傍晚", "周末晚上", "天黑以后", "清早五点", "午饭时间", "下半夜"]
OPENINGS = [
    "网友爆料：",
    "有群众反映，",
    "【关注】",
    "记者从现场了解到，",
    "求助！",
    "村民向本网反映，",
    "知情人士称，",
    "近日，",
    "",
]
CLOSINGS = [
    "希望有关部门尽快处理。",
    "请环保部门管一管！",
    "目前当地已派人调查。",
    "村民希望早日得到解决。",
    "不知道什么时候才能解决。",
    "呼吁相关部门重视。",
    "事件仍在进一步调查中。",
    "",
]
NOISE = [
    "{city}今日空气质量为优，市民纷纷外出踏青。",
    "{city}{county}召开生态环境保护工作会议，部署下一阶段重点任务。",
    "{river}水质持续向好，沿岸群众点赞生态治理成效。",
    "省生态环境厅发布{month}月全省环境空气质量状况。",
    "{county}开展垃圾分类进社区宣传活动，居民积极参与。",
    "{city}启动{river}流域生态修复项目，计划三年完成。",
    "周末去{county}看油菜花，{river}边风景真美。",
    "{county}入选全省生态文明建设示范县名单。",
    "关于{city}环境监测站招聘工作人员的公告。",
    "{city}{county}{town}镇推进农村人居环境整治。",
]


@dataclass(frozen=True)
class Story:
    city: str
    county: str
    town: str
    company: str
    short: str
    river: str
    kind: int
    days: int
    village: str
    color: str
    time: str
    number: int
    chosen: tuple[int, ...]  # the facts of this story, of its kind's eight
    witness: str
    since: str

    def facts(self) -> list[str]:
        templates = KINDS[self.kind]["facts"]
        values = {"river": self.river, "village": self.village, "color": self.color, "time": self.time}
        facts = [templates[i].format(n=self.number, **values) for i in self.chosen]
        # What people add that is particular to this place: who saw it, since when, where exactly.
        facts.append(f"{self.witness}说{self.since}就这样了")
        return facts


def make_story(rng: random.Random) -> Story:
    city = rng.choice(list(CITIES))
    county = rng.choice(CITIES[city])
    name = "".join(rng.sample(NAME_CHARS, 2))
    suffix, short = rng.choice(INDUSTRIES)
    return Story(
        city=city,
        county=county,
        town="".join(rng.sample(TOWN_CHARS, 2)),
        company=f"贵州{name}{suffix}",
        short=f"{name}{short}",
        river=rng.choice(RIVERS),
        kind=rng.randrange(len(KINDS)),
        days=rng.randint(2, 15),
        village="".join(rng.sample(TOWN_CHARS, 2)) + rng.choice(["村", "寨", "组", "社区"]),
        color=rng.choice(COLORS),
        time=rng.choice(TIMES),
        number=rng.randint(3, 90),
        chosen=tuple(rng.sample(range(8), 3)),
        witness=rng.choice("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
        + rng.choice(["大爷", "阿姨", "师傅", "老师", "大姐"]),
        since=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日{rng.choice(['以后', '开始', '那天起'])}",
    )


def reword(story: Story, rng: random.Random) -> tuple[str, str]:
    """One telling of ``story``: (title, text)."""
    kind = KINDS[story.kind]
    facts = story.facts()
    rng.shuffle(facts)
    facts = facts[: rng.randint(len(facts) - 1, len(facts))]
    for word, options in kind["synonyms"].items():
        choice = rng.choice([word, *options])
        facts = [f.replace(word, choice) for f in facts]
    place = rng.choice(
        [
            f"{story.city}{story.county}{story.town}镇",
            f"{story.county}{story.town}镇",
            f"{story.city}{story.county}",
        ]
    )
    who = rng.choice([story.company, story.short, f"{story.town}镇的{story.short}"])
    when = rng.choice([f"连续{story.days}天", f"最近{story.days}天", f"这{story.days}天来", ""])
    body = f"{rng.choice(OPENINGS)}{place}{who}{when}{facts[0]}，" + "，".join(facts[1:]) + "。"
    body += rng.choice(CLOSINGS)
    title = rng.choice(
        [
            f"{place}{who}{facts[0]}",
            f"{story.short}{facts[0]}，群众盼解决",
            f"{story.county}：{facts[0]}",
            f"曝光！{who}{facts[0]}",
        ]
    )
    return title, body


def noise(rng: random.Random) -> tuple[str, str]:
    city = rng.choice(list(CITIES))
    values = {
        "city": city,
        "county": rng.choice(CITIES[city]),
        "river": rng.choice(RIVERS),
        "month": rng.randint(1, 12),
        "town": "".join(rng.sample(TOWN_CHARS, 2)),
    }
    first, second = rng.sample(NOISE, 2)
    text = first.format(**values) + second.format(**values)
    return first.format(**values)[:30], text


@dataclass(frozen=True)
class SyntheticItem:
    external_id: str
    title: str
    text: str
    story: int | None  # index of the story, None for noise


def corpus(*, stories: int, rewordings: int, noise_items: int, seed: int = 2019) -> list[SyntheticItem]:
    """``stories`` × ``rewordings`` story items and ``noise_items`` noise, shuffled."""
    rng = random.Random(seed)
    items = []
    for number in range(stories):
        story = make_story(rng)
        for copy in range(rewordings):
            title, text = reword(story, rng)
            items.append(SyntheticItem(f"s{number}-{copy}", title, text, number))
    for number in range(noise_items):
        title, text = noise(rng)
        items.append(SyntheticItem(f"n{number}", title, text, None))
    rng.shuffle(items)
    return items


def stream(*, stories: int, rewordings: int, noise_items: int, seed: int = 2019) -> Iterator[SyntheticItem]:
    """The same mix as ``corpus`` (not the same texts), told one item at a time.

    Only the stories and the shuffled order are held, never the texts: a 100,000-item benchmark
    must not measure the memory of its own input.
    """
    rng = random.Random(seed)
    made = [make_story(rng) for _ in range(stories)]
    # Slot s < stories × rewordings is rewording s % rewordings of story s // rewordings; the rest is noise.
    told = stories * rewordings
    order = list(range(told + noise_items))
    rng.shuffle(order)
    for slot in order:
        if slot < told:
            number, copy = divmod(slot, rewordings)
            title, text = reword(made[number], rng)
            yield SyntheticItem(f"s{number}-{copy}", title, text, number)
        else:
            title, text = noise(rng)
            yield SyntheticItem(f"n{slot - told}", title, text, None)
