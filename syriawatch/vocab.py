"""Controlled vocabularies and colours, defined once for every view, test and the codebook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    label_ar: str
    colour: str = "#777777"
    description: str = ""


def _index(terms: list[Term]) -> dict[str, Term]:
    return {t.code: t for t in terms}


# Tension categories: what kind of US–Russia interaction an event is.  Colours are shared by the
# timeline and the map (Okabe–Ito based, readable on a projector and by colour-blind viewers).
CATEGORIES = _index([
    Term("military_incident", "Military incident", "حادثة عسكرية", "#D55E00",
         "Intercepts, blocked patrols, collisions, unsafe air encounters, standoffs between the two sides or their partners."),
    Term("strike", "Strike", "ضربة", "#8B0000",
         "Air or missile strikes by one side near the other's forces or partners."),
    Term("deconfliction", "Deconfliction", "فض الاشتباك", "#0072B2",
         "Deconfliction channel, line or protocol set up, used, suspended or breached."),
    Term("deployment_change", "Deployment change", "تغيير في الانتشار", "#E69F00",
         "Bases opened, vacated or handed over; reinforcements; withdrawals."),
    Term("diplomatic", "Diplomatic", "دبلوماسي", "#56B4E9",
         "Talks, calls, contact freezes, ambassador recalls."),
    Term("agreement", "Agreement", "اتفاق", "#009E73",
         "US–Russia agreements, ceasefires, memoranda."),
    Term("unsc", "UN Security Council", "مجلس الأمن", "#CC79A7",
         "Security Council votes or resolutions on Syria where the two split or co-drafted."),
    Term("sanctions", "Sanctions", "عقوبات", "#7F3C8D",
         "Sanctions and waivers that Moscow contested."),
    Term("statement", "Statement", "تصريح", "#999933",
         "Statements that set or moved the relationship."),
    Term("context", "Context", "سياق", "#6B6B6B",
         "Context events that demonstrably moved US–Russia tension over Syria."),
])

# Sides: the grouping of actors used by filters and by the map's site colours.
SIDES = _index([
    Term("us_coalition", "US & coalition", "الولايات المتحدة والتحالف", "#1F4E9E"),
    Term("russia", "Russia", "روسيا", "#C62828"),
    Term("syrian_gov", "Syrian government", "الحكومة السورية", "#2E7D32"),
    Term("sdf", "SDF", "قسد", "#F9A825"),
    Term("turkey", "Turkey & allied factions", "تركيا والفصائل الموالية", "#6A1B9A"),
    Term("iran", "Iran-aligned", "إيران وحلفاؤها", "#00838F"),
    Term("isis", "ISIS", "داعش", "#212121"),
    Term("un_other", "UN & others", "الأمم المتحدة وآخرون", "#757575"),
])

SCOPE_START = dt.date(2015, 9, 1)  # the data's scope: Russia's intervention in Syria

# Confidence grades, strongest first.  "disputed" ranks lowest: the core fact is contested.
CONFIDENCE = _index([
    Term("confirmed", "Confirmed", "مؤكد", description="An official statement by a party, or two or more independent credible sources agree."),
    Term("probable", "Probable", "مرجح", description="One credible source, not contradicted."),
    Term("possible", "Possible", "محتمل", description="A single weak or partisan source."),
    Term("disputed", "Disputed", "متنازع عليه", description="The parties or sources contradict each other on the core fact."),
])
CONFIDENCE_RANK = {code: rank for rank, code in enumerate(reversed(list(CONFIDENCE)))}  # disputed=0 … confirmed=3

VERIFICATION = _index([
    Term("source_read", "Source read", "تمت قراءة المصدر", description="The curator read the cited page and it supports the row."),
    Term("secondary_only", "Secondary only", "مصادر ثانوية فقط", description="Only secondary reporting was found; the notes say what is missing."),
    Term("unverified", "Unverified", "غير متحقق منه", description="No source page could be found; kept only with a reason in the notes."),
])

SITE_KINDS = _index([
    Term("airbase", "Airbase", "قاعدة جوية"),
    Term("base", "Base", "قاعدة"),
    Term("outpost", "Outpost", "نقطة عسكرية"),
    Term("oil_gas_site", "Oil/gas field site", "موقع نفطي/غازي"),
    Term("airport", "Airport", "مطار"),
    Term("naval_base", "Naval base", "قاعدة بحرية"),
    Term("checkpoint", "Checkpoint", "حاجز"),
])

# ACLED event types and sub-event types (codebook, 2023 edition).
ACLED_TYPES: dict[str, list[str]] = {
    "Battles": ["Government regains territory", "Non-state actor overtakes territory", "Armed clash"],
    "Protests": ["Excessive force against protesters", "Protest with intervention", "Peaceful protest"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
ACLED_SUB_TYPES = sorted({s for subs in ACLED_TYPES.values() for s in subs})

# ACLED time_precision: 1 exact day, 2 within a week, 3 within a month.
TIME_PRECISION = {1: ("exact day", "اليوم بدقة"), 2: ("within a week", "خلال أسبوع"), 3: ("within a month", "خلال شهر")}
# Site dates extend ACLED's scale with a year level.
DATE_PRECISION = {1: ("day", "يوم"), 2: ("week", "أسبوع"), 3: ("month", "شهر"), 4: ("year", "سنة")}
# ACLED geo_precision: 1 the named place, 2 near it / part of a region, 3 only a larger region.
GEO_PRECISION = {1: ("at the named place", "في المكان المذكور"), 2: ("near the named place", "قرب المكان المذكور"),
                 3: ("region only (approximate)", "المنطقة فقط (تقريبي)")}

# Governorates (ISO 3166-2 code -> project English name).  geo/build_geo.py uses the same names.
GOVERNORATES = {
    "SY-HA": "Al-Hasakah", "SY-RA": "Raqqa", "SY-DY": "Deir ez-Zor", "SY-HL": "Aleppo", "SY-HI": "Homs",
    "SY-HM": "Hama", "SY-ID": "Idlib", "SY-LA": "Latakia", "SY-TA": "Tartus", "SY-DI": "Damascus",
    "SY-RD": "Rif Dimashq", "SY-DR": "Daraa", "SY-SU": "As-Suwayda", "SY-QU": "Quneitra",
}
GOVERNORATE_NAMES = list(GOVERNORATES.values())
GOVERNORATES_AR = {
    "Al-Hasakah": "الحسكة", "Raqqa": "الرقة", "Deir ez-Zor": "دير الزور", "Aleppo": "حلب", "Homs": "حمص",
    "Hama": "حماة", "Idlib": "إدلب", "Latakia": "اللاذقية", "Tartus": "طرطوس", "Damascus": "دمشق",
    "Rif Dimashq": "ريف دمشق", "Daraa": "درعا", "As-Suwayda": "السويداء", "Quneitra": "القنيطرة",
}

TENSION_MIN, TENSION_MAX = -10, 10

# Areas of control: who held most of a district's populated territory at a snapshot date.
CONTROLLERS = _index([
    Term("syrian_gov", "Syrian government", "الحكومة السورية", "#8BC48A"),
    Term("sdf", "SDF", "قسد", "#F7D56B"),
    Term("turkey", "Turkey & allied factions", "تركيا والفصائل الموالية", "#C9A6E0"),
    Term("opposition", "Opposition / HTS", "المعارضة / هيئة تحرير الشام", "#D9C09A"),
    Term("isis", "ISIS", "داعش", "#9E9E9E"),
    Term("us_protected", "US-protected zone (al-Tanf)", "منطقة تحت الحماية الأمريكية (التنف)", "#9DB7E3"),
    Term("contested", "Contested / split", "متنازع عليه / مقسّم", "#E0E0E0"),
])

LINE_KINDS = _index([
    Term("deconfliction_line", "Deconfliction line", "خط فض الاشتباك", "#0072B2"),
    Term("joint_patrol_route", "Joint patrol route", "مسار دورية مشتركة", "#C62828"),
    Term("patrol_route", "Patrol route", "مسار دورية", "#E57373"),
    Term("deconfliction_zone", "Deconfliction zone", "منطقة فض الاشتباك", "#1F4E9E"),
])
