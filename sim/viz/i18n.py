"""English and Chinese labels for the dashboard, plots and reports, and a CJK font for matplotlib.

Labels are looked up by the names the model already uses (KPI names from
``sim.results``, group labels from ``sim.enums.Group``, parameter sections and
keys from ``sim.params``); a name without a Chinese label falls back to its
English one, and a name without an English label to the name made readable
(``max_errands_per_visit`` -> "max errands per visit"), so a parameter added
later shows up labelled without an edit here.

``use_lang(lang)`` points matplotlib at a font that has Chinese glyphs when
``lang == "zh"``; if none is installed it says in one line how to install one.
"""

from __future__ import annotations

LANGS = ("en", "zh")

# Mechanisms (policy sections) and the engine's lever sections, by the first part of a parameter's name.
SECTIONS = {
    "channels": ("Channels", "反映渠道"),
    "counters": ("Service counters", "服务窗口"),
    "routing": ("Routing and deadlines", "派单与时限"),
    "handlers": ("Departments' capacity", "部门处理能力"),
    "grids": ("Grids", "网格"),
    "civic": ("Community budget", "社区经费"),
    "volunteering": ("Volunteering", "志愿服务"),
    "records": ("Residents' data", "居民数据"),
    "programmes": ("Programmes", "服务项目"),
    "falls": ("Falls and emergencies", "跌倒与突发事件"),
    "learning": ("Peer learning", "邻里互学"),
    "property_managers": ("Property managers", "物业公司"),
    "first_contact": ("First-contact responsibility", "首接负责制"),
    "whistle": ("Community whistle", "社区吹哨、部门报到"),
    "grid": ("Grid management", "网格化管理"),
    "social_workers": ("Social workers", "社会工作者"),
    "eldercare": ("Smart elderly care", "智慧养老"),
    "timebank": ("Time bank", "时间银行"),
    "platform": ("Closed-loop platform", "闭环数字平台"),
    "digital_inclusion": ("Digital inclusion", "数字包容"),
    "one_stop": ("One-stop service centre", "一站式服务中心"),
    "data_sharing": ("Data sharing", "部门数据共享"),
    "data_protection": ("Data protection", "数据保护"),
    "programming": ("Needs-led programming", "按需设计项目"),
    "resource_pool": ("Shared venues", "资源共享"),
    "partners": ("Community partners", "社区合伙人"),
    "participation": ("Participation incentives", "参与激励"),
    "committee": ("Governance committee", "社区治理委员会"),
    "courtyards": ("Courtyard councils", "院落自治"),
    "mediation": ("One-stop mediation", "一站式调解"),
    "property": ("Property management", "物业管理"),
    "funding": ("Funding and rewards", "经费与以奖代补"),
    "evaluation": ("Third-party evaluation", "第三方评估"),
    "rollout": ("Roll-out", "试点与推广"),
}

# Sub-sections (the middle part of ``handlers.civil_affairs.capacity_per_10k``).
SUBSECTIONS = {
    "civil_affairs": ("Civil affairs", "民政"),
    "health": ("Health", "卫健"),
    "social_security": ("Social security", "人社"),
    "urban_management": ("Urban management", "城管"),
    "transport": ("Transport", "交通"),
    "justice": ("Justice", "司法"),
    "public_security": ("Public security", "公安"),
    "education": ("Education", "教育"),
    "committee": ("Residents' committee", "居委会"),
    "property": ("Property manager", "物业"),
    "topdown_share": ("Office's split", "上级分配"),
}

# Parameter keys (the last part of a name); only the Chinese is needed, English is the key made readable.
KEYS_ZH = {
    "enabled": "启用", "app_available": "可用App反映", "open_hours": "开放时长",
    "clerks_per_window_per_10k": "每窗口人员(每万人)", "response_deadline_days": "响应时限(天)",
    "capacity_per_10k": "处理能力(每万人)", "workers_per_grid": "每网格网格员",
    "budget_yuan_per_resident_year": "人均年经费(元)", "after_school": "四点半课堂", "meals": "助餐",
    "day_care": "日间照料", "cultural": "文化活动", "health_check": "健康检查", "tracking": "首接跟踪比例",
    "volunteers_per_grid": "每网格志愿者", "visits_per_worker_day": "网格员日走访户数",
    "visits_per_volunteer_day": "志愿者日走访户数", "per_10k": "每万人配备", "trained_per_10k_year": "每年培训(每万人)",
    "sensor_coverage": "智能水表覆盖率", "alert_hours": "报警时长(小时)", "bracelet_coverage": "一键手环覆盖率",
    "home_visits_per_month": "每月上门探访", "tiered_share_semi_disabled": "半失能分级服务比例",
    "tiered_share_disabled": "失能分级服务比例", "young_old_enrolment": "低龄老人参与率",
    "adult_enrolment": "成年人参与率", "hours_offered_per_month": "每月服务时长", "balance_cap_hours": "积分上限(小时)",
    "om_budget_yuan_per_year": "年运维经费(元)", "class_seats_per_month_per_10k": "每月课程名额(每万人)",
    "volunteer_hours_per_month_per_10k": "每月志愿时长(每万人)", "large_print_manuals": "大字版手册",
    "manual_windows": "保留人工窗口", "desk_share": "综合窗口人员比例", "max_errands_per_visit": "一次办理事项上限",
    "residual_prob": "仍需重复提交的概率", "tiered_access": "分级授权", "approval_days": "审批天数",
    "logged_use": "使用留痕", "minimal_collection": "最少采集", "needs_survey": "需求调查",
    "survey_share": "调查覆盖率", "resurvey_months": "重新调查间隔(月)", "schools_per_10k": "学校(每万人)",
    "hospitals_per_10k": "医院(每万人)", "firms_per_10k": "企业(每万人)", "idle_threshold": "闲置阈值",
    "review_months": "评估周期(月)", "points_per_10k_yuan": "每万元积分", "matching_app": "供需对接App",
    "resident_job_share": "居民岗位比例", "points_yuan_per_participation": "每次参与积分(元)",
    "online_voting": "线上投票", "observers_per_1000_adults": "轮值观察员(每千成人)",
    "decision_boundaries": "议事边界", "other_members": "其他委员", "pass_threshold": "通过比例",
    "micro_grids": "微网格数", "heads_per_micro_grid": "每微网格院落长", "quorum_share": "投票法定比例",
    "crowdfund_share": "居民众筹比例", "mediators_per_10k": "调解员(每万人)", "trained_share": "受训比例",
    "pilots": "试点社区数", "pilot_day": "试点开始日", "wave_start_day": "推广开始日",
    "target_share": "目标覆盖比例", "target_day": "目标达成日",
    "fee_rise": "物业费涨幅", "service_gain": "服务提升", "settlement_day": "新约生效日", "open_space": "开放公共空间",
}

KPIS = {
    "satisfaction": ("Satisfaction (survey)", "满意度(调查)"),
    "satisfaction_mean": ("Mean satisfaction", "平均满意度"),
    "response_days": ("Days to first response", "首次响应天数"),
    "responded_in_deadline": ("Responded within deadline", "按时响应率"),
    "close_days": ("Days to close", "办结天数"),
    "crossdept_close_days": ("Days to close (cross-department)", "跨部门办结天数"),
    "closed_within_3d": ("Closed within 3 days", "3日内办结率"),
    "abandoned_share": ("Given up", "放弃比例"),
    "unmet_need_share": ("Unmet need", "未满足需求比例"),
    "bounces_per_request": ("Bounces per request", "每件推诿次数"),
    "requests": ("Requests", "诉求数"),
    "needs": ("Needs", "需求数"),
    "backlog": ("Open requests", "未办结诉求"),
    "share_app": ("Raised in the app", "App反映比例"),
    "share_hotline": ("Raised by hotline", "热线反映比例"),
    "share_walkin": ("Raised at the counter", "窗口反映比例"),
    "share_grid": ("Raised via grid worker", "网格员反映比例"),
    "counter_wait_min": ("Counter wait (min)", "窗口等候(分钟)"),
    "errands_per_visit": ("Errands per visit", "每次办理事项"),
    "visits_per_errand": ("Visits per errand", "每事跑动次数"),
    "cost_yuan": ("Cost (yuan)", "成本(元)"),
    "mediation_success": ("Disputes settled", "调解成功率"),
    "disputes": ("Disputes", "纠纷数"),
    # Mechanisms' and further KPIs.
    "closed_share": ("Closed", "办结率"),
    "resolved_share": ("Resolved", "解决率"),
    "fee_disputes": ("Property-fee disputes", "物业费纠纷"),
    "reformed_share": ("Residents in reformed communities", "已改革社区居民占比"),
    "eldercare_falls_per_elderly_year": ("Falls per elderly resident a year", "老人年均跌倒次数"),
    "eldercare_detection_hours": ("Hours until a fall is found", "跌倒后被发现小时数"),
    "eldercare_long_lie_share": ("Falls found after 1 h or more", "跌倒超1小时才被发现比例"),
    "eldercare_health_declines": ("Elderly whose health worsened", "健康状况下降的老人"),
    "volunteer_hours_served": ("Volunteer hours served", "志愿服务小时数"),
    "volunteer_served_share": ("Care needs served by volunteers", "志愿者满足的照护需求比例"),
    "volunteer_match_share": ("Care needs matched to a volunteer", "照护需求匹配到志愿者比例"),
    "volunteer_hours": ("Hours per volunteer a year", "志愿者人均年服务小时"),
    "volunteer_share": ("Residents who volunteer", "志愿者占居民比例"),
    "privacy_incidents": ("Privacy incidents", "隐私泄露事件"),
    "privacy_exposed": ("Residents exposed", "隐私受影响居民"),
    "privacy_remediation_yuan": ("Privacy remediation (yuan)", "隐私补救费用(元)"),
    "elderly_app_able_share": ("Elderly able to use an app", "会用App的老人比例"),
    "app_able_share": ("Adults able to use an app", "会用App的成年人比例"),
    "peer_learned": ("Learned an app from peers", "经邻里学会App的居民"),
    "digitally_excluded_share": ("Digitally excluded needs", "数字排斥需求比例"),
    "excluded_unmet_share": ("Excluded needs unmet", "数字排斥需求未满足比例"),
    "counter_turned_away_share": ("Centre visits with nothing done", "窗口白跑比例"),
    "property_fee_income_yuan": ("Property fees paid (yuan)", "物业费收入(元)"),
    "property_kicked_disputes": ("Disputes bounced by managers", "物业推诿的纠纷"),
    "repair_close_days": ("Days to close a repair", "报修办结天数"),
    "repair_closed_within_3d": ("Repairs closed within 3 days", "3日内修复比例"),
    "repair_abandoned_share": ("Repairs given up", "报修放弃比例"),
    "participation_rate": ("Participation rate", "居民参与率"),
    "participation_skew": ("Participation skew", "参与结构偏差"),
    "projects_completed": ("Projects completed", "完成项目数"),
    "project_need_match": ("Projects' match to needs", "项目与需求匹配度"),
    "project_delay_days": ("Project delay (days)", "项目延误天数"),
    "programme_attendance": ("Programme attendance", "服务项目上座率"),
    "programme_served_share": ("Programme seekers served", "找到服务项目名额的比例"),
    "programme_user_satisfaction": ("Programme users' satisfaction", "项目参与者满意度"),
    "venue_utilisation": ("Venue use", "场地利用率"),
    "first_contact_tracked_share": ("Tracked by first receiver", "首接跟踪到底比例"),
    "whistle_convened": ("Joint visits (whistle)", "吹哨联合处置次数"),
    "grid_found_share": ("Needs found by grid visits", "网格走访发现需求比例"),
    "grid_visits": ("Grid household visits", "网格入户走访次数"),
    "social_workers_trained_share": ("Workers with social-work training", "持证社工比例"),
    "home_visits_per_alone_elderly_month": ("Home visits per lone elderly a month", "独居老人月均入户探访"),
    "eldercare_found_by_device_share": ("Incidents found by devices", "设备发现的突发事件比例"),
    "eldercare_tiered_served": ("Tiered home-care needs served", "分级居家照护服务次数"),
    "timebank_hours": ("Time-bank hours credited", "时间银行存入小时"),
    "timebank_credits_outstanding": ("Time-bank credits held", "时间银行未兑换积分"),
    "timebank_redeemed_hours": ("Time-bank hours redeemed", "时间银行兑换小时"),
    "platform_health": ("Platform health", "平台健康度"),
    "platform_up_share": ("Days the platform ran", "平台运行天数比例"),
    "app_closed_share": ("App requests closed", "App诉求办结率"),
    "app_abandoned_share": ("App requests given up", "App诉求放弃比例"),
    "app_bounces_per_request": ("Bounces per app request", "App诉求平均转派次数"),
    "class_attendance": ("Class seats taken", "培训课程参加人次"),
    "class_able_share": ("Able to use an app after class", "培训后会用App比例"),
    "sensitive_approvals_share": ("Requests awaiting data approval", "待敏感数据审批诉求比例"),
    "programme_survey_households": ("Households surveyed", "需求调查覆盖户数"),
    "pool_venue_hours": ("Shared venue-hours", "共享场地小时数"),
    "facilities_repurposed": ("Facilities repurposed", "盘活闲置设施数"),
    "partners_leveraged_yuan": ("Firms' contribution (yuan)", "企业投入(元)"),
    "partners_credit_points": ("Firms' credit points", "企业信用积分"),
    "partners_funded_seats": ("Places funded by firms", "企业资助名额(人月)"),
    "partners_resident_job_share": ("Programme jobs held by residents", "居民就业岗位比例"),
    "partners_resident_job_months": ("Residents' programme job-months", "居民就业人月"),
    "participation_online_share": ("Participation online", "线上参与比例"),
    "participation_points_redeemed_yuan": ("Points redeemed (yuan)", "积分兑换(元)"),
    "committee_pass_share": ("Committee proposals passed", "治理委员会提案通过率"),
    "courtyard_turnout": ("Courtyard assembly turnout", "院落议事投票率"),
    "courtyard_pass_share": ("Courtyard proposals passed", "院落提案通过率"),
    "courtyard_projects_completed": ("Courtyard projects completed", "院落完成项目数"),
    "courtyard_crowdfunded_yuan": ("Courtyard crowdfunding (yuan)", "院落居民筹资(元)"),
    "courtyard_heads_heard_share": ("Disputes heard by courtyard heads", "院落长先行受理纠纷比例"),
    "courtyard_heads_settle_share": ("Settled by courtyard heads", "院落长调解成功率"),
    "mediation_centre_use": ("Mediation centre use", "调解中心利用率"),
    "mediation_assessed_share": ("Cost assessments per dispute", "每宗纠纷第三方评估次数"),
    "funding_inflow_yuan": ("Money into public funds (yuan)", "公益金流入(元)"),
    "funding_reward_yuan": ("Rewards paid (yuan)", "以奖代补奖励(元)"),
    "funding_economy_yuan": ("Community-economy income (yuan)", "社区经济收入(元)"),
    "funding_services_yuan": ("Spent on programme places (yuan)", "购买服务支出(元)"),
    "funding_projects_yuan": ("Moved to project pots (yuan)", "拨入项目资金(元)"),
    "funding_places": ("Places bought", "购买服务名额(人月)"),
    "funding_cut_communities": ("Communities with funds cut", "被削减经费的社区(社区年)"),
    "funding_balance_yuan": ("Public funds left (yuan)", "公益金结余(元)"),
    "evaluation_count": ("Contract evaluations", "合同评估次数"),
    "evaluation_fail_share": ("Evaluations failed", "评估不合格比例"),
    "contracts_failed": ("Failed evaluations", "评估不合格次数"),
    "contracts_cancelled": ("Contracts cancelled", "解约合同数"),
    "contracts_wrongly_cancelled": ("Contracts wrongly cancelled", "误解约合同数"),
    "service_user_rating": ("Users satisfied with services", "服务使用者满意比例"),
    "provider_quality_mean": ("Providers' mean quality", "服务商平均质量"),
    "cost_yuan_year": ("Cost a year (yuan)", "年度成本(元)"),
    "cost_per_resident_year": ("Cost per resident a year (yuan)", "人均年度成本(元)"),
}

GROUPS = {
    "elderly_alone": ("Elderly living alone", "独居老人"),
    "elderly_family": ("Elderly with family", "与家人同住老人"),
    "working_adult": ("Working adults", "在职成年人"),
    "young_parent": ("Young parents", "年轻父母"),
    "new_citizen": ("New citizens", "新市民"),
    "child": ("Children", "儿童"),
}

COMMUNITY_TYPES = {
    "old_neighbourhood": ("Old neighbourhoods", "老旧小区"),
    "commercial_estate": ("Commercial estates", "商品房小区"),
    "village_conversion": ("Village conversions", "村改居社区"),
}

UI = {
    "title": ("govsim workshop", "社区治理推演工作坊"),
    "levers": ("Policy levers", "政策杠杆"),
    "levers_hint": ("Move levers under Policy levers, then Reset to start the policy again from day 0.",
                    "在“政策杠杆”中调整后点击“重置”，从第0天重新开始。"),
    # The page's own controls (sim.viz.page), in place of Mesa SolaraViz's English ones.
    "controls": ("Controls", "控制"),
    "play_interval": ("Play interval (ms)", "播放间隔(毫秒)"),
    "render_interval": ("Days per redraw", "每次重绘推进天数"),
    "reset": ("Reset", "重置"),
    "play": ("Play", "播放"),
    "pause": ("Pause", "暂停"),
    "step": ("Step", "推进一天"),
    "information": ("Information", "信息"),
    "error": ("error", "出错"),
    "on": ("on", "开"),
    "off": ("off", "关"),
    "page_0": ("KPIs over time and map", "指标走势与地图"),
    "map_as_of": ("Redrawn weekly; as of day", "每周重绘；截至第几天:"),
    "page_1": ("By group and KPI table", "分群体与指标表"),
    "day": ("Day", "第几天"),
    "policy": ("Policy", "政策"),
    "baseline": ("Baseline (mechanisms off)", "基线(机制关闭)"),
    "difference": ("Difference", "差异"),
    "kpis": ("KPIs so far", "至今指标"),
    "by_group": ("By resident group", "按居民群体"),
    "map": ("Community map", "社区地图"),
    "colour_by": ("Colour grids by", "网格着色"),
    "satisfaction": ("satisfaction", "满意度"),
    "trust": ("trust", "信任度"),
    "unmet_need": ("unmet need", "未满足需求"),
    "unmet_need_scale": ("unmet need per 100 residents", "每百居民未满足需求"),
    "kpi": ("KPI", "指标"),
    "no_data": ("Step the model to see results.", "请先推进模拟。"),
    "scenario": ("Scenario", "情景"),
    "residents": ("Residents", "居民数"),
    "seed": ("Seed", "随机种子"),
    "mechanisms_on": ("Mechanisms on", "已启用机制"),
    "none": ("none", "无"),
    "report": ("Report", "报告"),
    "levers_changed": ("Levers changed from their defaults", "与默认值不同的杠杆"),
    "assumptions": ("Assumptions behind the changed parameters", "所改参数的依据与假设"),
    "value": ("value", "取值"),
    "default": ("default", "默认值"),
    "source": ("source", "来源"),
    "meaning": ("meaning", "含义"),
    "all": ("all residents", "全体居民"),
    "community": ("community", "社区"),
    "pilots": ("pilot communities", "试点社区"),
    "wave": ("reformed in the roll-out", "推广期改革社区"),
    "not_reformed": ("not reformed", "未改革社区"),
    "mean_of": ("mean of {n} communities", "{n}个社区均值"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not supported; supported: {', '.join(LANGS)}")
    return lang


def _pick(table: dict, name: str, lang: str, fallback: str) -> str:
    pair = table.get(name)
    if pair is None:
        return fallback
    return pair[LANGS.index(check_lang(lang))]


def readable(name: str) -> str:
    """``max_errands_per_visit`` -> "max errands per visit"; ``per_10k`` -> "per 10k"."""
    return name.replace("_", " ")


def ui(word: str, lang: str = "en") -> str:
    return _pick(UI, word, lang, readable(word))


def kpi(name: str, lang: str = "en") -> str:
    return _pick(KPIS, name, lang, readable(name))


def community_type(label: str, lang: str = "en") -> str:
    return _pick(COMMUNITY_TYPES, label, lang, readable(label))


def group(label: str, lang: str = "en") -> str:
    return _pick(GROUPS, label, lang, readable(label))


def section(name: str, lang: str = "en") -> str:
    """A mechanism's (or engine section's) label, by the first part of a parameter's name."""
    head = name.split(".", 1)[0]
    return _pick(SECTIONS, head, lang, readable(head).capitalize())


def param(name: str, lang: str = "en") -> str:
    """A parameter's label within its section: ``handlers.health.capacity_per_10k`` -> "Health: capacity per 10k"."""
    parts = name.split(".")
    key = parts[-1]
    label = KEYS_ZH.get(key, readable(key)) if check_lang(lang) == "zh" else readable(key)
    if len(parts) > 2:
        sub = parts[-2]
        label = f"{_pick(SUBSECTIONS, sub, lang, readable(sub))}: {label}"
    return label


# ---------------------------------------------------------------- CJK font for matplotlib

# Families with Chinese glyphs, most common on Linux first, then macOS and Windows.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN", "AR PL UKai CN", "Droid Sans Fallback",
    "PingFang SC", "Heiti SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei", "SimSun",
)
INSTALL_HINT = ("no font with Chinese glyphs found: Chinese labels will show as boxes; install one, "
                "e.g. `apt-get install fonts-noto-cjk` (Debian/Ubuntu), then delete ~/.cache/matplotlib")


def cjk_font() -> str | None:
    """The name of an installed font family with Chinese glyphs, or None.

    Matplotlib lists the fonts it found when it first ran; a font installed since (``.ci/run`` installs one
    where it is missing) is not in that list, so when none is, fontconfig is asked for the fonts with
    Chinese glyphs and they are added for this process."""
    from matplotlib import font_manager

    found = _cjk_family({f.name for f in font_manager.fontManager.ttflist})
    if found is None:
        for path in _fontconfig_cjk_files():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a collection matplotlib cannot read: try the next
                continue
        found = _cjk_family({f.name for f in font_manager.fontManager.ttflist})
    return found


def _cjk_family(installed: set[str]) -> str | None:
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return next((name for name in sorted(installed) if "CJK" in name), None)


def _fontconfig_cjk_files() -> list[str]:
    """Font files fontconfig says have Chinese glyphs (none where there is no ``fc-list``)."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})


def _quiet_weight_fallback() -> None:
    """CJK fonts often come in one weight (WenQuanYi: 500); matplotlib then logs "Failed to find font weight
    normal ... now using 500" for every text it lays out. The fallback is what we want: say nothing."""
    import logging

    logger = logging.getLogger("matplotlib.font_manager")
    if not any(isinstance(f, _WeightFallback) for f in logger.filters):
        logger.addFilter(_WeightFallback())


class _WeightFallback:
    """A logging filter dropping matplotlib's font-weight fallback message, and only that."""

    def filter(self, record) -> bool:
        return "Failed to find font weight" not in record.getMessage()


def use_lang(lang: str, warn=print) -> str | None:
    """Make matplotlib able to draw ``lang``'s labels; returns the CJK family used, or None.

    For Chinese without a CJK font, ``warn`` gets the one-line install hint.
    """
    import matplotlib

    if check_lang(lang) != "zh":
        return None
    family = cjk_font()
    if family is None:
        import warnings

        warn(f"govsim: warning: {INSTALL_HINT}")
        # Said once above; matplotlib would otherwise warn again for every missing glyph.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        return None
    _quiet_weight_fallback()
    fonts = matplotlib.rcParams["font.sans-serif"]
    if family not in fonts:
        matplotlib.rcParams["font.sans-serif"] = [family, *fonts]
    matplotlib.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the minus sign glyph
    return family
