"""Every rule of the article extractor (syriawatch/extract.py) as data, documented in data/README.md.

All patterns are matched against text normalised like the search (syriawatch.search.normalise:
alef forms → ا, ة → ه, ى → ي, no diacritics, lower case) with Arabic-Indic digits turned into ASCII,
so they are written here in that normalised form.
"""

from __future__ import annotations

# --- dates -------------------------------------------------------------------------------------
# Month names → month number. Levantine (كانون الثاني …) and standard Arabic (يناير …), English.
MONTHS: dict[str, int] = {
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7,
    "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "aug.": 8, "sep.": 9, "sept.": 9, "oct.": 10,
    "nov.": 11, "dec.": 12,
}
# Month names that are also ordinary words: only read as months next to a day, a year, «شهر» or «الماضي».
AMBIGUOUS_MONTHS = {"اب", "may", "march", "mar."}

# Weekdays (Python weekday(): Monday = 0).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}

# Words that push a weekday or month strictly into the past ("last Wednesday", «أيلول الماضي»).
PAST_AFTER = r"(?:الماضي|الماضيه|المنصرم|المنصرمه|الفائت)"
PAST_BEFORE = r"(?:last|this\s+past|past)"
# Words that put a month in the current year («أيلول الجاري», "this September").
PRESENT_AFTER = r"(?:الجاري|الحالي)"
# Arabic ordinal day numbers («في الثامن عشر من شهر شباط»).
ORDINAL_DAYS: dict[str, int] = {
    "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7, "الثامن": 8,
    "التاسع": 9, "العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "الثالث عشر": 13, "الرابع عشر": 14,
    "الخامس عشر": 15, "السادس عشر": 16, "السابع عشر": 17, "الثامن عشر": 18, "التاسع عشر": 19, "العشرين": 20,
    "الحادي والعشرين": 21, "الثاني والعشرين": 22, "الثالث والعشرين": 23, "الرابع والعشرين": 24,
    "الخامس والعشرين": 25, "السادس والعشرين": 26, "السابع والعشرين": 27, "الثامن والعشرين": 28,
    "التاسع والعشرين": 29, "الثلاثين": 30, "الحادي والثلاثين": 31,
}
# A date right after a reporting verb ("said on Wednesday", «قال يوم الأربعاء») dates the statement;
# when the sentence has another date, that other one dates the event.
SPEECH_DATE = r"(?:said|says|told|announced|stated|reported|قال|قالت|اعلن|اعلنت|ذكر|ذكرت|صرح|صرحت|افاد|افادت)\s+(?:\w+\s+){0,2}$"

# Offsets from the publication date: (pattern, days back, time_precision). First match wins.
RELATIVE_DAYS: list[tuple[str, int, int]] = [
    (r"(?:اول\s+من\s+امس|اول\s+امس|the\s+day\s+before\s+yesterday)", 2, 1),
    (r"(?:(?<!\w)امس(?!\w)|البارحه|yesterday)", 1, 1),
    (r"(?:(?<!\w)[وف]?اليوم(?!\w)(?!\s+التالي)|(?<!\w)today(?!\w)|this\s+morning|(?<!\w)tonight(?!\w))", 0, 1),
    (r"(?:قبل\s+يومين|two\s+days\s+ago)", 2, 1),
    (r"(?:قبل\s+ثلاثه\s+ايام|three\s+days\s+ago)", 3, 1),
    (r"(?:الاسبوع\s+الماضي|last\s+week|قبل\s+اسبوع|a\s+week\s+ago)", 7, 2),
    (r"(?:this\s+week|هذا\s+الاسبوع|الاسبوع\s+الجاري)", 0, 2),
]
# Offsets from the previous candidate's date ("the next day", «وعقب ذلك بيوم»).
NEXT_DAY = (r"(?:(?:عقب|بعد)\s+ذلك\s+بيوم|(?:في\s+)?اليوم\s+التالي|(?:في\s+)?اليوم\s+الذي\s+تلاه|بعد\s+يوم"
            r"|the\s+next\s+day|the\s+following\s+day|a\s+day\s+later|one\s+day\s+later)")

# Month-level relative phrases: (pattern, months back).
RELATIVE_MONTHS: list[tuple[str, int]] = [
    (r"(?:الشهر\s+الماضي|الشهر\s+المنصرم|last\s+month)", 1),
    (r"(?:الشهر\s+الجاري|هذا\s+الشهر|مطلع\s+الشهر(?:\s+الجاري)?|this\s+month|earlier\s+this\s+month)", 0),
]
# Year-level relative phrases: (pattern, years back).
RELATIVE_YEARS: list[tuple[str, int]] = [
    (r"(?:العام\s+الماضي|السنه\s+الماضيه|last\s+year)", 1),
]
# Vague phrases: (pattern, days of the window ending on the publication date). time_precision 5.
APPROXIMATE: list[tuple[str, int]] = [
    (r"(?:(?:خلال|في)\s+الاشهر\s+(?:الماضيه|الاخيره|القليله\s+الماضيه)|(?:خلال|في)\s+الشهور\s+(?:الماضيه|الاخيره)"
     r"|in\s+recent\s+months|(?:in|over)\s+the\s+(?:past|last)\s+(?:few\s+|several\s+)?months|recent\s+months)", 365),
    (r"(?:(?:خلال|في)\s+الاسابيع\s+(?:الماضيه|الاخيره)|in\s+recent\s+weeks|(?:in|over)\s+the\s+(?:past|last)\s+(?:few\s+)?weeks)", 42),
    (r"(?:في\s+وقت\s+سابق(?:\s+من\s+هذا\s+الاسبوع)?|مؤخرا|مؤخراً|earlier\s+this\s+week|(?<!\w)recently(?!\w)|(?<!\w)earlier(?!\s+this\s+(?:month|year))(?=[\s,.]))", 30),
    (r"(?:earlier\s+this\s+year|مطلع\s+العام(?:\s+الجاري)?|هذا\s+العام|this\s+year)", 366),
]
# A four-digit year counts as a date only after one of these words ("in 2019", «عام 2019»).
YEAR_BEFORE = r"(?:عام|العام|سنه|في|خلال|in|during)"
YEAR_RANGE = (2010, 2039)

# time_precision of a candidate: 1 day, 2 week, 3 month (ACLED, as events.csv); the extractor adds
# 4 year and 5 approximate (only a window is known), which a reviewer narrows before publishing.
PRECISION_LABELS = {1: "day", 2: "week", 3: "month", 4: "year", 5: "approximate"}

# A sentence with no date expression is still a candidate when it reports a statement by a known
# actor with one of these verbs: it is dated to the publication date with week precision (2).
REPORT_VERBS = (r"(?<!\w)[وف]?(?:قال|قالت|اعلن|اعلنت|صرح|صرحت|اكد|اكدت|نقلت|نقل|افاد|افادت|ذكر|ذكرت|اتهم|اتهمت|حذر|حذرت"
                r"|said|says|stated|announced|told|accused|warned|confirmed)(?!\w)")

# Clause splitting inside a sentence: a new clause starts at these words after a comma.
CLAUSE_SPLIT = r"[،,]\s*(?=(?:كما|فيما|بينما|while|and\s+also)\s)"

# --- attribution: the article relays another outlet ----------------------------------------------
OUTLETS = [
    "reuters", "associated press", "the associated press", "ap", "afp", "agence france-presse", "tass", "ria novosti",
    "interfax", "sputnik", "cnn", "fox news", "abc news", "nbc news", "cbs news", "the wall street journal",
    "wall street journal", "the new york times", "new york times", "the washington post", "washington post",
    "politico", "al-monitor", "asharq al-awsat", "sana", "the syrian observatory", "syrian observatory for human rights", "sohr",
    "al jazeera", "bloomberg", "north press", "enab baladi", "anadolu", "anadolu agency", "rudaw", "kurdistan 24", "hawar", "the new arab", "al-watan", "the guardian", "defense one", "military times", "stars and stripes", "newsweek",
    "رويترز", "اسوشيتد برس", "فرانس برس", "تاس", "ريا نوفوستي", "انترفاكس", "سبوتنيك", "سي ان ان", "الشرق الاوسط",
    "سانا", "المرصد السوري", "نورث برس", "عنب بلدي", "العربي الجديد", "الاناضول", "روداو", "كردستان 24", "هاوار", "الوطن", "الجزيره", "العربيه", "وول ستريت جورنال", "نيويورك تايمز", "واشنطن بوست", "بلومبرغ",
]
# Arabic: «نقلت صحيفة …», «بحسب وكالة …», «ذكرت الصحيفة» (a media noun is enough).
ATTRIBUTION_AR = (r"(?:نقلت|نقل|ذكرت|ذكر|افادت|افاد|بحسب|حسب|وفق|وفقا\s+ل|وفقاً\s+ل|اوردت|قالت|قال|اضافت|اضاف|اكدت|اكد|كشفت|كشف|نشرت|نشر)\s+"
                  r"(?:[وف]?(?:ال)?(?:صحيفه|وكاله|قناه|شبكه|موقع|مجله|الصحيفه|الوكاله|القناه|الشبكه|الموقع|المجله))"
                  r"|(?<!\w)ل(?:ـ)?(?:صحيفه|وكاله|قناه|شبكه|موقع|مجله)(?!\w)")       # «قالت مصادر لموقع …»
# English: "according to <outlet>", "<outlet> reported", "told <outlet>", "cited by <outlet>".
ATTRIBUTION_EN = (r"(?:according\s+to|reported\s+by|cited\s+by|quoted\s+by|told|citing|cited)\s+(?:the\s+)?(?P<o1>{outlets})(?!\w)"
                  r"|(?<!\w)(?P<o2>{outlets})(?:\s*\([^)]{{1,15}}\))?\s+(?:reported|quoted|cited|said\s+citing)"
                  r"|(?:according\s+to|the)\s+(?:newspaper|paper|agency|broadcaster)(?!\w)")

# --- categories and tension ------------------------------------------------------------------------
# Phrases removed before the incident rule so that «تجنب اشتباك» is not read as a clash.
DECONFLICTION = (r"(?:فض\s+(?:ال)?(?:اشتباك|نزاع)|فض\s+اي\s+نزاع|منع\s+(?:ال)?(?:تصادم|اشتباك)|تجنب\s+(?:ال)?(?:اشتباك|تصادم)"
                 r"|خفض\s+والغاء\s+اي\s+صراع|(?:ال)?خط\s+(?:ال)?ساخن|خط\s+(?:ال)?اتصال|منع\s+الحوادث"
                 r"|de-?confliction|deconflict\w*|hotline|hot\s+line)")
# (category, pattern, tension) in priority order; the first rule that matches gives the category.
CATEGORY_RULES: list[tuple[str, str, int]] = [
    ("agreement", r"(?:مذكره\s+تفاهم|memorandum|\bmou\b)", -8),
    ("agreement", r"(?:وقف\s+(?:لاطلاق|اطلاق)\s+النار|هدنه|ceasefire|cease-fire|truce)", -7),
    ("agreement", r"(?:اتفاق|اتفقت|اتفقا|توصل\w*\s+(?:الى|ل)\s*اتفاق|agreement|agreed|signed\s+a\s+deal)", -5),
    ("strike", r"(?:غاره|غارات|قصف|ضربه\s+جويه|ضربات\s+جويه|ضربات|air\s*strikes?|strikes?\s+on|struck|bombed|shelled|shelling)", 6),
    ("military_incident", r"(?:احتكاك\w*|اصطدام|صدم\w*|اعتراض|اعترض\w*|اعترضت|قطع\w*\s+الطريق|منع\w*\s+(?:مرور|دوريه|رتل)|اشتباك\w*"
                          r"|collid\w*|collision|rammed|ramm\w*|intercept\w*|block\w*|standoff|stand-off|confront\w*|scuffle\w*|friction\w*"
                          r"|clash\w*|prevent\w*\s+(?:\S+\s+){0,4}?(?:patrols?|convoys?)|closed\s+(?:all\s+|the\s+)*roads?|unsafe|unprofessional|close\s+call|near-miss)", 5),
    ("deconfliction", DECONFLICTION, -2),
    ("deployment_change", r"(?:تعزيز\w*|تعزيزات|ارسال|ارسلت|نشر\w*\s+(?:\S+\s+)?(?:ال)?(?:قوات|جنود|تعزيزات|منظومه|منظومات|اليات|عربات|مدرعات|دوريات|قاعده|قواعد|نقاط|نقطه|صواريخ|رادار\w*)|انتشار|انسحاب|انسحبت|قاعده\s+جديده|reinforc\w*|deploy\w*|withdr[ae]w\w*|pull\w*\s+out|new\s+base|sent\s+(?:more\s+)?(?:troops|forces))", 1),
    ("unsc", r"(?:مجلس\s+الامن(?!\s+القومي)|فيتو|(?<!national\s)security\s+council|veto\w*)", 3),
    ("sanctions", r"(?:عقوبات|قانون\s+قيصر|sanction\w*|caesar\s+act)", 3),
    ("diplomatic", r"(?:سفير\w*|استدع\w*|مباحثات|محادثات|اتصال\s+هاتفي|اتصالات|قمه|التقى|لقاء|ambassador|recall\w*|talks|phone\s+call|summit|\bmet\b|envoy)", 2),
    ("statement", REPORT_VERBS + r"|(?:وصف\w*|اعرب\w*|described|called)", 2),
]
FALLBACK_CATEGORY = ("context", 0)
# Categories naming what happened; when a sentence matches several, the keyword nearest the date
# phrase wins. The others (talks, statements, UN, sanctions) count only when none of these match.
STRONG_CATEGORIES = {"agreement", "strike", "military_incident", "deconfliction", "deployment_change"}
# Modifiers that raise the suggested tension: (categories, pattern, minimum tension).
TENSION_FLOORS: list[tuple[set, str, int]] = [
    ({"military_incident", "strike"}, r"(?:قتل|مقتل|قتلى|killed|killing|dead|deaths?)", 8),
    ({"military_incident", "strike"}, r"(?:اصابه|اصابات|جرح\w*|جرحى|injur\w*|wounded)", 6),
    ({"deconfliction", "agreement"}, r"(?:خرق\w*|انتهاك\w*|violat\w*|breach\w*)", 5),
    ({"statement", "diplomatic"}, r"(?:قاتل|اتهم\w*|accus\w*|killer)", 4),
]

# ACLED event type / sub-type suggested for each category.
ACLED_TYPES = {
    "strike": ("Explosions/Remote violence", "Air/drone strike"),
    "agreement": ("Strategic developments", "Agreement"),
}
DEFAULT_ACLED_TYPE = ("Strategic developments", "Other")

# --- places --------------------------------------------------------------------------------------
# Extra spellings of gazetteer places (geo/places.csv geonameid → names, normalised forms).
PLACE_ALIASES: dict[int, list[str]] = {
    173811: ["hasakah", "hasaka", "hassakeh", "al-hasakah", "al hasakah", "الحسكه"],
    173377: ["qamishli", "qamishlo", "kamishli", "al-qamishli"],
    173530: ["dayrik", "dayrick", "derik", "dirik", "malikiyah", "al-malikiyah", "al-malikiya", "ديريك", "المالكيه"],
    172837: ["shaddadi", "al-shaddadi", "shadadi"],
    163434: ["tal tamr", "tell tamer", "tel tamr", "tall tamr"],
    172256: ["kobani", "kobane", "ayn al-arab", "ain al-arab", "كوباني", "عين العرب"],
    172374: ["tabqa", "al-tabqa"],
    172955: ["raqqa", "raqa", "al-raqqa", "ar-raqqah"],
    170794: ["deir ez-zor", "deir ezzor", "deir al-zour", "deir el-zour", "deir ez zor", "deir al-zor"],
    173480: ["mayadin", "al-mayadin"],
    174448: ["abu kamal", "albu kamal", "al-bukamal", "bukamal"],
    172134: ["ayn issa", "ain issa", "ain eissa"],
    163750: ["tal abyad", "tell abyad"],
    165509: ["ras al-ain", "ras al-ayn", "ras al ain", "serekaniye"],
    173797: ["al-hol", "al-hawl", "al hol", "الهول"],
    173230: ["amuda", "amouda"],
    170887: ["darbasiyah", "al-darbasiyah", "derbasiyah"],
}
# Governorate capitals in the gazetteer: «محافظة الحسكة» / "Hasakah province" gives admin1 and the
# capital's coordinates with geo_precision 3.
GOVERNORATE_CAPITAL = {
    "Al-Hasakah": 173811, "Raqqa": 172955, "Deir ez-Zor": 170794, "Aleppo": 170063, "Homs": 169577,
    "Damascus": 170654, "Latakia": 173576, "Tartus": 163345, "Idlib": 169389,
}
GOVERNORATE_ALIASES = {
    "Al-Hasakah": ["hasakah", "hasaka", "al-hasakah", "hassakeh"], "Deir ez-Zor": ["deir ez-zor", "deir al-zour", "deir ezzor"],
    "Raqqa": ["raqqa", "raqa"], "Rif Dimashq": ["rural damascus", "rif dimashq"],
}
GOVERNORATE_WORD_AR = r"(?:محافظه|ريف)"      # «محافظة الحسكة», «ريف دير الزور» (ريف is still governorate-level)
GOVERNORATE_WORD_EN = r"(?:province|governorate|countryside)"
# Words before a place that make it "near" (geo_precision 2).
NEAR = r"(?:قرب|بالقرب\s+من|محيط|ريف|شرق|غرب|شمال|جنوب|near|outside|east\s+of|west\s+of|north\s+of|south\s+of|close\s+to|around)"
# Words that may stand between NEAR and the name («قرب مدينة المالكية», "near the town of").
PLACE_NOUNS = r"(?:مدينه|بلده|قريه|ناحيه|منطقه|the\s+town\s+of|the\s+city\s+of|the\s+village\s+of)"
# A place right after these words is where a movement came from; another place in the clause is preferred.
ORIGIN = r"(?:(?<!قرب\s)(?<!بالقرب\s)(?<!\w)من|(?<!\w)from)\s+(?:(?:مدينه|بلده|قريه|the\s+town\s+of|the\s+city\s+of)\s+)?$"
# Regions without a single point: location only, no coordinates.
REGIONS = [
    (r"(?:شمال\s+شرق(?:ي)?\s+سوريا|شمال\s+شرق\s+سوريه|شمال\s+شرقي\s+سوريا|north-?\s?east(?:ern)?\s+syria)", "Northeast Syria", "شمال شرق سوريا"),
    (r"(?:شرق(?:ي)?\s+سوريا|eastern\s+syria|east\s+syria)", "Eastern Syria", "شرق سوريا"),
    (r"(?:شرق\s+الفرات|east\s+of\s+the\s+euphrates)", "East of the Euphrates", "شرق الفرات"),
]

# An actor named only as someone's backer («قوات النظام المدعومة من روسيا», "forces backed by Russia")
# is left out when at least two other actors take part.
BACKER = r"(?:المدعوم\w*\s+من|الموالي\w*\s+ل|(?:backed|supported|sponsored)\s+by)\s+(?:قبل\s+)?$"
# A mention that is part of another actor's name: (actor, enemy, words between) — "the U.S.-led
# coalition against ISIL" names the coalition only.
PART_OF_NAME = [("COALITION", "ISIS", r"\s*(?:against|to\s+defeat|fighting|ضد|لمحاربه|لمكافحه|لقتال)\s+(?:the\s+)?")]

# English abbreviations that do not end a sentence.
ABBREVIATIONS = {"u.s.", "u.n.", "u.k.", "mr.", "mrs.", "ms.", "dr.", "gen.", "lt.", "col.", "maj.", "capt.", "sgt.",
                 "adm.", "sen.", "rep.", "gov.", "st.", "jan.", "feb.", "mar.", "apr.", "aug.", "sep.", "sept.", "oct.",
                 "nov.", "dec.", "no.", "vs.", "etc.", "e.g.", "i.e.", "jr.", "sr.", "inc.", "co."}

# Adjective + military noun → armed forces actor ("Russian patrol", «دورية روسية», «الجنود الأمريكيين»).
MIL_NOUNS_EN = r"(?:forces|troops|soldiers|servicemembers|service\s+members|personnel|patrols?|convoys?|military|army|jets|warplanes|aircraft|fighter\s+jets|helicopters|vehicles?|armou?red\s+vehicles?|drones?|commanders?|officers?|generals?|base|bases)"
MIL_NOUNS_AR = r"(?:القوات|قوات|الجيش|جيش|دوريه|دوريات|الدوريه|الدوريات|رتل|الرتل|ارتال|طائرات|الطائرات|طائره|مقاتلات|المقاتلات|مروحيات|المروحيات|عربات|العربات|عربه|اليات|الاليات|اليه|اللاليه|جنود|الجنود|الجنديين|عسكريين|العسكريين|قاعده|القاعده|مدرعات|المدرعات|اخري|واخري|الاخري|للقوات|للجيش|للدوريه|للدوريات|للرتل)ا?"  # «دورية أميركية وأخرى روسية», «رتلاً روسياً»
ADJ_MIL = {
    "USA_MIL": (r"(?:us|u\.s\.|american)", r"(?:ال)?ام(?:ي)?ر(?:ي)?كي(?:ه|ين|ون|تين|ان|ا)?"),
    "RUS_MIL": (r"(?:russian)", r"(?:ال)?روسي(?:ه|ين|ون|تين|ان|ا)?"),
    "TUR": (r"(?:turkish)", r"(?:ال)?تركي(?:ه|ين|ون|ا)?"),
    "SYR_GOV": (r"(?:syrian)", r"(?:ال)?سوري(?:ه|ين|ون|ا)?"),
}
