"""Small hand-written articles: an agency story, its copies, a rewrite, unrelated news."""

from __future__ import annotations

from marsad.model import Article

AGENCY_TEXT = (
    "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد للأطفال في مدينة الطائف بسعة مئتي سرير، "
    "وذلك ضمن خطة الوزارة لتوسيع الخدمات الصحية في المحافظات. وقال المتحدث الرسمي للوزارة "
    "إن المستشفى يضم أقساما للطوارئ والعناية المركزة وجراحة الأطفال، وإنه سيبدأ استقبال "
    "المرضى مطلع الشهر المقبل بعد اكتمال تجهيز غرف العمليات والمختبرات. وأضاف أن الوزارة "
    "تعاقدت مع مئة وعشرين طبيبا وممرضا للعمل في المستشفى، وأن العمل جار على إنشاء مركز "
    "لأبحاث أمراض الطفولة بجوار المبنى الرئيسي يخدم سكان المنطقة والقرى المجاورة لها."
)
# The same story as a paper republishes it: its own byline, the agency's dateline
# dropped, one sentence cut (and each paper's own headline, see `copy`).
COPY_TEXT = "الطائف - صحيفة اليوم\n" + AGENCY_TEXT.replace(
    " وأضاف أن الوزارة تعاقدت مع مئة وعشرين طبيبا وممرضا للعمل في المستشفى، وأن العمل",
    " وأن العمل",
)
# The same event written up independently: a rewrite, not a copy.
REWRITE_TEXT = (
    "افتتحت وزارة الصحة مستشفى الأطفال الجديد في الطائف، وهو مستشفى بسعة مئتي سرير يضم "
    "الطوارئ والعناية المركزة وجراحة الأطفال. ويأتي افتتاح مستشفى الأطفال في الطائف ضمن "
    "توسيع الخدمات الصحية للأطفال في المحافظات، على أن يستقبل مستشفى الأطفال المرضى الشهر "
    "المقبل، بحسب الوزارة التي قالت إن مركزا لأبحاث أمراض الطفولة سيقام بجواره."
)
UNRELATED_TEXT = (
    "فاز فريق الهلال على فريق النصر بثلاثة أهداف مقابل هدف في مباراة الدوري التي أقيمت "
    "مساء أمس على ملعب الملك فهد الدولي بالرياض أمام أكثر من خمسين ألف متفرج. وسجل مهاجم "
    "الهلال هدفين في الشوط الأول، فيما قلص النصر الفارق من ركلة جزاء قبل أن يضيف الهلال "
    "الهدف الثالث في الدقائق الأخيرة، ليعزز صدارته لجدول الترتيب برصيد أربعين نقطة."
)


def agency(published: str = "2018-04-08T09:00:00+00:00") -> Article:
    return Article(
        text="الطائف (واس) - " + AGENCY_TEXT,
        title="افتتاح مستشفى جديد للأطفال في الطائف",
        url="https://agency.example/health/1",
        site="واس",
        published=published,
    )


def copy(published: str = "2018-04-08T11:00:00+00:00", site: str = "اليوم") -> Article:
    return Article(
        text=COPY_TEXT,
        title=f"الصحة: مستشفى للأطفال بمئتي سرير في الطائف ({site})",
        url=f"https://{site}.example/news/2",
        site=site,
        source="واس",
        published=published,
    )


def rewrite(published: str = "2018-04-08T15:00:00+00:00") -> Article:
    return Article(
        text=REWRITE_TEXT,
        title="مستشفى أطفال جديد في الطائف",
        url="https://paper.example/3",
        site="المدينة",
        published=published,
    )


def unrelated(published: str = "2018-04-08T20:00:00+00:00") -> Article:
    return Article(
        text=UNRELATED_TEXT,
        title="الهلال يفوز على النصر",
        url="https://sport.example/4",
        site="الرياضية",
        published=published,
    )
