"""The references the intervention catalogue cites: full citation, the address where each was
read, and the passage relied on (documented data).

Every key of :data:`SOURCES` is cited by at least one figure of
:mod:`planning.interventions.catalogue`; :class:`planning.interventions.model.Figure` refuses a
key that is not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["SOURCES", "Source"]


@dataclass(frozen=True)
class Source:
    """One published source: full citation, the address where it was read, and what it says.

    ``checked`` quotes or paraphrases the passage the catalogue relies on, so a reader can
    find it again.
    """

    key: str
    citation: str
    url: str
    checked: str


_SOURCE_LIST: tuple[Source, ...] = (
    Source(
        "ettehad2016",
        "Ettehad D, Emdin CA, Kiran A, Anderson SG, Callender T, Emberson J, Chalmers J, "
        "Rodgers A, Rahimi K. Blood pressure lowering for prevention of cardiovascular disease "
        "and death: a systematic review and meta-analysis. Lancet 2016.",
        "https://ja.scribd.com/document/309449582/The-Lancet",
        "Every 10 mm Hg reduction in systolic blood pressure reduced stroke, RR 0.73 "
        "(95% CI 0.68-0.77); 123 studies, 613,815 participants.",
    ),
    Source(
        "hart2007",
        "Hart RG, Pearce LA, Aguilar MI. Meta-analysis: antithrombotic therapy to prevent stroke "
        "in patients who have nonvalvular atrial fibrillation. Ann Intern Med "
        "2007;146(12):857-867. doi:10.7326/0003-4819-146-12-200706190-00007.",
        "https://pubmed.ncbi.nlm.nih.gov/17577005/",
        "Adjusted-dose warfarin (6 trials, 2,900 participants) reduced stroke by 64% "
        "(95% CI 49% to 74%) compared with control.",
    ),
    Source(
        "segal2000",
        "Segal JB, McNamara RL, Miller MR, Kim N, Goodman SN, Powe NR, Robinson KA, Bass EB. "
        "Prevention of thromboembolism in atrial fibrillation: a meta-analysis of trials of "
        "anticoagulants and antiplatelet drugs. J Gen Intern Med 2000;15(1):56-67. "
        "doi:10.1046/j.1525-1497.2000.04329.x.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC1495320/",
        "For primary prevention, assuming a baseline risk of 45 strokes per 1,000 "
        "patient-years, warfarin could prevent 30 strokes.",
    ),
    Source(
        "emberson2014",
        "Emberson J, Lees KR, Lyden P, et al. Effect of treatment delay, age, and stroke "
        "severity on the effects of intravenous thrombolysis with alteplase for acute ischaemic "
        "stroke: a meta-analysis of individual patient data from randomised trials. Lancet "
        "2014;384(9958):1929-1935. doi:10.1016/S0140-6736(14)60584-5.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4441266/",
        "Treatment within 3.0 h: good outcome (mRS 0-1 at 3-6 months) in 259/787 (32.9%) "
        "with alteplase vs 176/762 (23.1%) with control, OR 1.75 (95% CI 1.35-2.27); "
        "more than 3.0 h up to 4.5 h: 485/1375 (35.3%) vs 432/1437 (30.1%), OR 1.26 "
        "(1.05-1.51). Beyond 4.5 h the review's summary gives OR 1.15 (0.95-1.40); the stored "
        "copy read here was cut before that figure, so it is not re-checked.",
    ),
    Source(
        "samuel_stats",
        "SAMueL project (Stroke Audit Machine Learning; University of Exeter / PenARC). "
        "Descriptive statistics of SSNAP by stroke team and year, England and Wales 2016-2021 "
        "(summary_stats_4hr.csv, ambulance arrivals within 4 hours of known onset).",
        "https://github.com/samuel-book/streamlit_descriptive_stats",
        "All England and Wales 2016-2021, arrivals within 4 hours: median onset-to-arrival "
        "104 min, arrival-to-scan 26 min, scan-to-thrombolysis 30 min; 29.9% thrombolysed. "
        "(Research output derived from SSNAP, not an official SSNAP figure.)",
    ),
    Source(
        "xu2018",
        "Xu XM, Vestesson E, Paley L, Desikan A, Wonderling D, Hoffman A, Wolfe CD, Rudd AG, "
        "Bray BD. The economic burden of stroke care in England, Wales and Northern Ireland: "
        "using a national stroke register to estimate and report patient-level health economic "
        "outcomes in stroke. European Stroke Journal 2018.",
        "https://kclpure.kcl.ac.uk/portal/en/publications/"
        "the-economic-burden-of-stroke-care-in-england-wales-and-northern-",
        "Health and social care cost in the first five years after admission: mean per "
        "patient GBP 46,039 (SSNAP patients April 2015-March 2016, n = 84,184); fivefold "
        "variation between patient groups, GBP 19,101 to GBP 107,336; costs rise with age and "
        "severity.",
    ),
    Source(
        "patel2020",
        "Patel A, Berdunov V, Quayyum Z, King D, Knapp M, Wittenberg R. Estimated societal "
        "costs of stroke in the UK based on a discrete event simulation. Age Ageing "
        "2020;49(2):270-276. doi:10.1093/ageing/afz162. (Work for the Stroke Association: "
        "'Current, future and avoidable costs of stroke in the UK'.)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7047817/",
        "Mean societal cost of a new stroke GBP 45,409 (95% CI 42,054-48,763) in the first "
        "year, 2014/15 prices, including unpaid care (61% of aggregate cost); around 100,000 "
        "new strokes a year in the UK.",
    ),
    Source(
        "herc_leal",
        "Leal J, Luengo-Fernandez R. The economic burden of cerebrovascular diseases in the UK. "
        "Health Economics Research Centre, University of Oxford (British Heart Foundation and "
        "Stroke Association), 2008-09.",
        "https://www.herc.ox.ac.uk/research/disease-cost-studies-2/studies-28/"
        "the-economic-burden-of-cerebrovascular-diseases-in-the-uk-2",
        "Cost of stroke to UK health and social care 2006/07 just over GBP 2.5 billion; "
        "inpatient hospital care GBP 1.1 billion, residential care nearly GBP 900 million.",
    ),
    Source(
        "lse2018",
        "London School of Economics. Economic cost of stroke 'set to triple' in UK (news "
        "release on the Stroke Association report by Patel et al.), August 2018.",
        "https://www.lse.ac.uk/News/Latest-news-from-LSE/2018/08-Aug-2018/"
        "Economic-cost-of-stroke-set-to-triple-in-UK",
        "Of the societal cost of stroke: unpaid carers 62%, social care 22%, NHS 9%, lost "
        "productivity 7%.",
    ),
    Source(
        "chang2016",
        "Chang KC, Lee JT, Vamos EP, Soljak M, Johnston D, Khunti K, Majeed A, Millett C. "
        "Impact of the National Health Service Health Check on cardiovascular disease risk: a "
        "difference-in-differences matching analysis. CMAJ 2016;188(10):E228-E238. "
        "doi:10.1503/cmaj.151201.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4938708/",
        "Attendees vs matched non-attendees (median follow-up 2 years): systolic blood "
        "pressure -2.51 mm Hg (95% CI -2.77 to -2.25).",
    ),
    Source(
        "mason2018",
        "Mason AR, Liu D, Marks L, Davis H, Hunter DJ, Jehu LM, Visram S, Smithson J. Local "
        "authority commissioning of NHS Health Checks: a regression analysis of the first "
        "three years. Health Policy 2018;122(9):1035-1042.",
        "https://pure.york.ac.uk/portal/en/publications/"
        "local-authority-commissioning-of-nhs-health-checks-a-regression-a",
        "Over 2013/14-2015/16 the invitation, coverage and uptake rates averaged 57%, 28% and "
        "49%; uptake = attendance by those invited.",
    ),
    Source(
        "pulse_healthcheck2013",
        "Pulse. 'It's finally time to say yes to Health Checks' (GP blog on one area's NHS "
        "Health Check contract), 2013.",
        "https://www.pulsetoday.co.uk/views/uncategorised/"
        "its-finally-time-to-say-yes-to-health-checks/",
        "Payment of GBP 28 per check with a fasting blood test through the local pathology "
        "department, GBP 25 with a near-patient test.",
    ),
    Source(
        "sheppard2014",
        "Sheppard JP, Fletcher K, McManus RJ, Mant J. Prevalence and costs of treating "
        "uncomplicated stage 1 hypertension in primary care: a cross-sectional analysis. "
        "Br J Gen Pract 2014;64(627):e641-e648. doi:10.3399/bjgp14X681817.",
        "https://bjgp.org/content/64/627/e641",
        "Table 2, annual cost per patient aged 55 or over: one drug + practice nurse GBP 36.46; "
        "two drugs + practice nurse GBP 64.67; three drugs + GP GBP 193.18 (Drug Tariff May "
        "2013; Unit Costs of Health and Social Care 2012).",
    ),
    Source(
        "nice_ta341",
        "National Institute for Health and Care Excellence. Apixaban for the treatment and "
        "secondary prevention of deep vein thrombosis and/or pulmonary embolism. Technology "
        "appraisal guidance TA341, 2015, section 2.3.",
        "https://www.nice.org.uk/guidance/ta341/chapter/2-The-technology",
        "Apixaban costs GBP 1.10 per tablet for the 2.5 mg or 5 mg dose (excluding VAT; BNF "
        "January 2015).",
    ),
    Source(
        "nice_ta264",
        "National Institute for Health and Care Excellence. Alteplase for treating acute "
        "ischaemic stroke. Technology appraisal guidance TA264, 2012, section 2.3.",
        "https://www.nice.org.uk/guidance/ta264/chapter/2-The-technology",
        "Cost per course of alteplase GBP 300 to GBP 600 depending on body weight "
        "(0.9 mg/kg; excluding VAT; BNF 63).",
    ),
    Source(
        "hscic_sss2013",
        "Health and Social Care Information Centre. Statistics on NHS Stop Smoking Services: "
        "England, April 2012 - March 2013 (press release 30 October 2013).",
        "http://content.digital.nhs.uk/article/3670/"
        "Fewer-smokers-trying-to-kick-the-habit-with-NHS-help",
        "724,247 quit dates set, 373,872 self-reported quitters at 4 weeks; spending on NHS "
        "Stop Smoking Services GBP 87.7 million; cost per quitter GBP 235 (figures as "
        "reported by Pulse and Nursing in Practice from the same report).",
    ),
    Source(
        "ferguson2005",
        "Ferguson J, Bauld L, Chesterman J, Judge K. The English smoking treatment services: "
        "one-year outcomes. Addiction 2005. doi:10.1111/j.1360-0443.2005.01028.x.",
        "https://pubmed.ncbi.nlm.nih.gov/15755262/",
        "One user in seven (14.6%) was a CO-validated quitter at 52 weeks; 17.7% including "
        "self-report.",
    ),
    Source(
        "shinton1989",
        "Shinton R, Beevers G. Meta-analysis of relation between cigarette smoking and stroke. "
        "BMJ 1989;298(6676):789-794. doi:10.1136/bmj.298.6676.789.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC1836102/",
        "Relative risk of stroke in smokers 1.5 (95% CI 1.4 to 1.6); in ex-smokers 1.2 at all "
        "ages, 1.5 under age 75.",
    ),
    Source(
        "green_book",
        "HM Treasury. Review of discounting in the Green Book: terms of reference. "
        "16 December 2025.",
        "https://www.gov.uk/government/publications/green-book-discount-rate-review-2026/"
        "review-of-discounting-in-the-green-book-terms-of-reference",
        "The Social Time Preference Rate is 3.5% in real terms for the first 30 years, "
        "falling to 3.0% for years 31 to 75.",
    ),
)

#: Every source the catalogue cites, by key.
SOURCES: Mapping[str, Source] = {s.key: s for s in _SOURCE_LIST}
