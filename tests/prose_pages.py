"""Pages written for the tests in the shapes the Inspectorate's PEEL web pages, pillar pages and press releases
take (and the press copies of them), each with the judgments it states.

Every page here is our own text: forces, grades and sentences are invented in the published shapes (a force
page's summary sentences, "is: good", "not yet graded", a pillar page's grade line and "Questions for ...", an
HMI's observations, quoted earlier grades, press-release bullets under "HMIC judged that ...:"), never copied
from a published page. ``EXPECTED[name]`` lists (force_id, round, level, pillar/question/area, grade) for every
judgment the page states; anything else it prints must give no row.
"""

from __future__ import annotations

PAGES: dict[str, str] = {}
EXPECTED: dict[str, set[tuple[str, str, str, str, str]]] = {}
FINDINGS: dict[str, set[str]] = {}  # review kinds the page must give (at least)


def page(name: str, text: str, expected: list[tuple[str, str, str, str, str]], findings: tuple[str, ...] = ()) -> None:
    PAGES[name] = text.strip("\n") + "\n"
    EXPECTED[name] = set(expected)
    FINDINGS[name] = set(findings)


G, O, RI, I = "Good", "Outstanding", "Requires improvement", "Inadequate"

page("force_2015_final", """
Skip to content
Lincolnshire 2015
Read more about Lincolnshire
This is HMIC’s second assessment of the effectiveness, efficiency and legitimacy with which Lincolnshire Police keeps people safe and reduces crime. PEEL gives you information about how your local police force is performing.
The extent to which Lincolnshire Police is effective at keeping people safe and reducing crime is good.
The extent to which Lincolnshire Police is efficient at keeping people safe and reducing crime is outstanding.
The extent to which Lincolnshire Police is legitimate at keeping people safe and reducing crime requires improvement.
A. N. Inspector, Her Majesty’s Inspector of Constabulary
HMI's observations
I am pleased with the performance of Lincolnshire Police in keeping people safe and reducing crime.
The force is good at preventing crime and anti-social behaviour, and works closely with partner agencies. The quality of its investigations is generally good.
The force is generally good at keeping people safe, but it has more to do to protect vulnerable victims.
""", [("lincolnshire", "2015", "pillar", "effectiveness", G), ("lincolnshire", "2015", "pillar", "efficiency", O),
      ("lincolnshire", "2015", "pillar", "legitimacy", RI),
      ("lincolnshire", "2015", "question", "preventing-crime", G)])

page("force_2016_interim", """
Skip to content
Suffolk 2016
Read more about Suffolk 2016
This is HMIC’s third PEEL (police effectiveness, efficiency and legitimacy) assessment of Suffolk Constabulary. The assessment is updated throughout the year with our inspection findings and reports.
The extent to which the constabulary is effective at keeping people safe and reducing crime: not yet graded.
The extent to which the constabulary is efficient at keeping people safe and reducing crime is: outstanding.
The extent to which the constabulary is legitimate at keeping people safe and reducing crime is: good.
The efficiency and legitimacy inspection findings are published below.
Effectiveness
How effective is the force at keeping people safe and reducing crime?
To be graded
The graded judgments for effectiveness will be published in March 2017. See last year’s assessment of the force’s effectiveness.
Efficiency
How efficient is the force at keeping people safe and reducing crime?
Last updated 03/11/2016
Outstanding
Suffolk Constabulary has been assessed as outstanding in respect of the efficiency with which it keeps people safe and reduces crime. Its understanding of current demand is good, and it makes
good use of its resources. In last year’s efficiency inspection, Suffolk Constabulary was judged to be good.
""", [("suffolk", "2016", "pillar", "efficiency", O), ("suffolk", "2016", "pillar", "legitimacy", G),
      ("suffolk", "2016", "question", "understanding-demand", G)],
     ("not_graded",))

page("force_2017_interim_questions", """
Skip to content
Norfolk 2017
Read more about Norfolk 2017
This is HMICFRS’ fourth PEEL (police effectiveness, efficiency and legitimacy) assessment of Norfolk Constabulary.
The extent to which the force is effective at keeping people safe and reducing crime is not yet graded.
The extent to which the force is efficient at keeping people safe and reducing crime requires improvement.
The extent to which the force is legitimate at keeping people safe and reducing crime is not yet graded.
How effective is the force at keeping people safe and reducing crime?
To be graded
How efficient is the force at keeping people safe and reducing crime?
Last updated 09/11/2017
Requires improvement
Norfolk Constabulary is judged to require improvement in the efficiency with which it keeps people safe and reduces crime. This is not consistent with last year’s assessment, when the force was assessed as good for efficiency overall. The force’s understanding of demand is judged to be good; it is assessed to require improvement for its use of resources to manage demand; and its planning for future demand is judged to be inadequate.
Norfolk Constabulary is good in how it understands the demand for its services. It is good at predicting future demand and in doing so it considers a wide range of informati
""", [("norfolk", "2017", "pillar", "efficiency", RI), ("norfolk", "2017", "question", "understanding-demand", G),
      ("norfolk", "2017", "question", "using-resources", RI), ("norfolk", "2017", "question", "planning-future", I)],
     ("not_graded",))

page("force_2018_integrated", """
Skip to content
Gwent 2018/19
Read more about Gwent
This is HMICFRS’s fifth PEEL (police effectiveness, efficiency and legitimacy) assessment of Gwent Police.
Gwent Police was inspected in tranche three and we found:
the extent to which the force is effective at reducing crime and keeping people safe requires improvement.
the extent to which the force operates efficiently and sustainably is good.
the extent to which the force treats the public and its workforce legitimately is outstanding.
Download the full report
PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Gwent Police
HMI's observations
I am satisfied with some aspects of the performance of Gwent Police.
The force is good at tackling serious and organised crime and works well with regional partners. It is good at protecting and supporting vulnerable people, although it is slow to attend some incidents.
It investigates crime well. The force continues to be outstanding in this area.
In 2017 we judged Gwent Police as good at treating its workforce fairly.
How effectively does the force reduce crime and keep people safe?
Last updated 02/05/2019
Gwent Police requires improvement at reducing crime and keeping peo
""", [("gwent", "2018/19", "pillar", "effectiveness", RI), ("gwent", "2018/19", "pillar", "efficiency", G),
      ("gwent", "2018/19", "pillar", "legitimacy", O),
      ("gwent", "2018/19", "question", "serious-organised-crime", G),
      ("gwent", "2018/19", "question", "protecting-vulnerable", G)])

page("legitimacy_2017_pillar", """
Skip to content
Essex PEEL 2017
Legitimacy
How legitimate is the force at keeping people safe and reducing crime?
Last updated 12/12/2017
Good
Essex Police is judged to be good at how legitimately it keeps people safe and reduces crime. For the areas of legitimacy we looked at this year, our overall judgment is the same as last year. The force is judged to be good at treating all of the people it serves with fairness and respect and outstanding at ensuring its workforce behaves ethically and lawfully. However, some aspects of the way in which it treats its workforce with fairness and respect are judged to require improvement.
Essex Police understands the importance of treating people fairly. Its use of stop and search is also good.
""", [("essex", "2017", "pillar", "legitimacy", G), ("essex", "2017", "question", "fair-treatment-public", G),
      ("essex", "2017", "question", "ethical-workforce", O),
      ("essex", "2017", "question", "fair-treatment-workforce", RI)])

page("legitimacy_2018_questions", """
Skip to content
Northumbria PEEL 2018
Legitimacy
How legitimately does the force treat the public and its workforce?
Last updated 27/09/2019
Requires improvement
Northumbria Police requires improvement in how legitimately it treats the public and its workforce.
The force is good at treating the public fairly. It is good at encouraging ethical decision-making.
Northumbria Police requires improvement in how fairly it treats its workforce.
Questions for Legitimacy
1
To what extent does the force treat all of the people it serves with fairness and respect?
Good
2
How well does the force ensure that its workforce behaves ethically and lawfully?
This question was not subject to detailed inspection in 2018/19, and our judgment from the 2017 legitimacy inspection has been carried over.
3
To what extent does the force treat its workforce with fairness and respect?
Requires improvement
""", [("northumbria", "2018/19", "pillar", "legitimacy", RI),
      ("northumbria", "2018/19", "question", "fair-treatment-public", G),
      ("northumbria", "2018/19", "question", "fair-treatment-workforce", RI)])

page("effectiveness_2015_questions", """
Durham PEEL 2015
Effectiveness
How effective is the force at keeping people safe and reducing crime?
Last updated 18/02/2016
Outstanding
Durham Constabulary has been assessed as outstanding in respect of its effectiveness at keeping people safe and reducing crime.
Questions for Effectiveness
1
How effective is the force at preventing crime and anti-social behaviour, and keeping people safe?
Outstanding
2
How effective is the force at investigating crime and managing offenders?
Good
3
How effective is the force at protecting from harm those who are vulnerable, and supporting victims?
Good
""", [("durham", "2015", "pillar", "effectiveness", O), ("durham", "2015", "question", "preventing-crime", O),
      ("durham", "2015", "question", "investigating-crime", G),
      ("durham", "2015", "question", "protecting-vulnerable", G)])

page("press_2016_two_forces", """
PEEL: police legitimacy 2016 - force press releases
Published on: 8 December 2016
Get the force press release
Wiltshire Police's legitimacy at keeping people safe and reducing crime is good
HMIC judged that Wiltshire Police:
  • is ‘good’ at treating all of the people it serves with fairness and respect;
  • is ‘good’ at ensuring that its workforce behaves ethically and lawfully; and
  • ‘requires improvement’ in treating its workforce with fairness and respect.
“Wiltshire Police is good at treating the people it serves fairly,” said the inspector.
Get the force press release
Cleveland Police's legitimacy at keeping people safe and reducing crime requires improvement
HMIC judged that Cleveland Police:
  • ‘requires improvement’ at treating all of the people it serves with fairness and respect;
  • is ‘inadequate’ at ensuring that its workforce behaves ethically and lawfully; and
""", [("wiltshire", "2016", "pillar", "legitimacy", G), ("wiltshire", "2016", "question", "fair-treatment-public", G),
      ("wiltshire", "2016", "question", "ethical-workforce", G),
      ("wiltshire", "2016", "question", "fair-treatment-workforce", RI),
      ("cleveland", "2016", "pillar", "legitimacy", RI), ("cleveland", "2016", "question", "fair-treatment-public", RI),
      ("cleveland", "2016", "question", "ethical-workforce", I)])

page("press_2018_no_lead_in", """
PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – group 2 force press releases
HMICFRS has today published our findings for the second group of forces inspected in the PEEL 2018/19 assessment.
Get the force press releases
Inspectors concerned by aspects of Bedfordshire Police’s performance
HM Inspectorate of Constabulary and Fire & Rescue Services has today published a report into the performance of Bedfordshire Police.
  • ‘requires improvement’ at effectively reducing crime and keeping people safe;
  • is ‘good’ at operating efficiently and providing sustainable services to the public; and
  • is ‘good’ at how legitimately it treats the public and its workforce
HM Inspector said:
“The force is good at preventing and investigating crime, but it must improve how it protects vulnerable people.
""", [("bedfordshire", "2018/19", "pillar", "effectiveness", RI), ("bedfordshire", "2018/19", "pillar", "efficiency", G),
      ("bedfordshire", "2018/19", "pillar", "legitimacy", G),
      ("bedfordshire", "2018/19", "question", "preventing-crime", G),
      ("bedfordshire", "2018/19", "question", "investigating-crime", G)])

page("wrong_force_slip", """
Skip to content
Derbyshire 2017
Read more about Derbyshire
This is HMICFRS’ fourth PEEL (police effectiveness, efficiency and legitimacy) assessment of Derbyshire Constabulary.
The extent to which the force is effective at keeping people safe and reducing crime is good.
The extent to which Leicestershire Police is efficient at keeping people safe and reducing crime is outstanding.
The extent to which the force is legitimate at keeping people safe and reducing crime is good.
""", [("derbyshire", "2017", "pillar", "effectiveness", G), ("derbyshire", "2017", "pillar", "legitimacy", G)],
     ("other_force",))

page("conflicting_statements", """
Skip to content
Merseyside 2016
This is HMIC’s third PEEL (police effectiveness, efficiency and legitimacy) assessment of Merseyside Police.
The extent to which the force is effective at keeping people safe and reducing crime is good.
The extent to which the force is efficient at keeping people safe and reducing crime is good.
The extent to which the force is effective at keeping people safe and reducing crime is good.
How efficient is the force at keeping people safe and reducing crime?
Last updated 03/11/2016
Requires improvement
""", [("merseyside", "2016", "pillar", "effectiveness", G)], ("statement_conflict",))

page("prior_quotes_only", """
Skip to content
Sussex PEEL 2017
Legitimacy
How legitimate is the force at keeping people safe and reducing crime?
Last updated 12/12/2017
Not being graded
In 2016, the force was judged to be good for legitimacy, including good for the extent to which the force treated people with fairness and respect.
Last year, we assessed the force as outstanding in respect of how it treats people with fairness and respect.
""", [], ("not_graded",))

page("two_pages_in_one_file", """
Skip to content
Dorset 2015
This is HMIC’s second assessment of the effectiveness, efficiency and legitimacy with which Dorset Police keeps people safe and reduces crime.
The extent to which Dorset Police is effective at keeping people safe and reducing crime is good.
Skip to content
Dorset 2016
This is HMIC’s third PEEL (police effectiveness, efficiency and legitimacy) assessment of Dorset Police.
The extent to which the force is effective at keeping people safe and reducing crime requires improvement.
""", [("dorset", "2015", "pillar", "effectiveness", G), ("dorset", "2016", "pillar", "effectiveness", RI)])

page("not_peel", """
Community news
The parish council met on Tuesday. The new footpath is good at keeping people safe and reducing crime, residents said.
""", [])


# ------------------------------------------------------------------ lists and press copies (no round in the title)

_ALL = ["avon-and-somerset", "bedfordshire", "cambridgeshire", "cheshire", "city-of-london", "cleveland", "cumbria",
        "derbyshire", "devon-and-cornwall", "dorset", "durham", "dyfed-powys", "essex", "gloucestershire",
        "greater-manchester", "gwent", "hampshire", "hertfordshire", "humberside", "kent", "lancashire",
        "leicestershire", "lincolnshire", "merseyside", "metropolitan", "norfolk", "north-wales", "north-yorkshire",
        "northamptonshire", "northumbria", "nottinghamshire", "south-wales", "south-yorkshire", "staffordshire",
        "suffolk", "surrey", "sussex", "thames-valley", "warwickshire", "west-mercia", "west-midlands",
        "west-yorkshire", "wiltshire"]
_PRINTED = {"avon-and-somerset": "Avon & Somerset", "devon-and-cornwall": "Devon & Cornwall", "metropolitan": "Met Police",
            "city-of-london": "City of London", "dyfed-powys": "Dyfed-Powys", "greater-manchester": "Greater Manchester"}


def _name(force_id: str) -> str:
    return _PRINTED.get(force_id) or " ".join(w.capitalize() for w in force_id.split("-"))


def _national(groups: dict[str, list[str]], rnd: str, pillar: str) -> list[tuple[str, str, str, str, str]]:
    return [(f, rnd, "pillar", pillar, g) for g, fs in groups.items() for f in fs]


# PEEL 2016 effectiveness as published nationally: 1 outstanding, 28 good, 13 requiring improvement, 1 inadequate
_EFF16 = {O: ["durham"], RI: _ALL[18:31], I: ["wiltshire"]}
_EFF16[G] = [f for f in _ALL if f not in _EFF16[O] + _EFF16[RI] + _EFF16[I]]
page("news_list_dateline", "How did your police force do? Watchdog rates every force\nBy a staff reporter\n"
     "Thursday 2 March 2017\n\nThe inspectorate has published how effective forces are at keeping people safe and "
     "reducing crime.\n\n" + "\n\n".join(f"{g}\n" + "\n".join(_name(f) for f in _EFF16[g]) for g in (O, G, RI, I)),
     _national(_EFF16, "2016", "effectiveness"))

# PEEL 2018/19 efficiency as published: 6 outstanding, 25 good, 10 requiring improvement, 2 inadequate
_EFF18 = {O: _ALL[:6], RI: _ALL[6:16], I: _ALL[16:18]}
_EFF18[G] = [f for f in _ALL if f not in _EFF18[O] + _EFF18[RI] + _EFF18[I]]
page("news_list_colons", "PEEL efficiency: the grades\nHMICFRS, 20 February 2020\n" + "\n".join(
     f"{g}:: " + ", ".join(_name(f) for f in _EFF18[g][:-1]) + (" and " if len(_EFF18[g]) > 1 else "")
     + _name(_EFF18[g][-1]) for g in (O, G, RI, I)), _national(_EFF18, "2018/19", "efficiency"))

_RI17 = ["bedfordshire", "cleveland", "essex", "gloucestershire", "lincolnshire", "northamptonshire"]
page("by_exception_title_names_one_pillar", """
Police legitimacy: how your force was graded
Published 12 December 2017
The inspectorate looked at how effective, efficient and legitimate forces are. This report is about legitimacy.
Kent was graded outstanding; six forces require improvement (Bedfordshire, Cleveland, Essex, Gloucestershire, Lincolnshire and Northamptonshire); Greater Manchester Police was not graded; all other forces were graded good.
""", [("kent", "2017", "pillar", "legitimacy", O), ("greater-manchester", "2017", "pillar", "legitimacy", "Ungraded")]
     + [(f, "2017", "pillar", "legitimacy", RI) for f in _RI17]
     + [(f, "2017", "pillar", "legitimacy", G) for f in _ALL if f not in _RI17 + ["kent", "greater-manchester"]])

page("pcc_2023_prose_and_counts", """
Skip to main content
News
PEEL inspection: Suffolk Constabulary rated good in four areas
Posted on 14 March 2024
His Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) has published its PEEL 2023–2025 report on Suffolk Constabulary.
The inspectorate found the force was 'good' in four areas, 'adequate' in three areas and 'requires improvement' in one area.
Suffolk Constabulary was graded good at preventing crime, responding to the public, investigating crime and protecting vulnerable people. It was adequate in managing offenders and suspects, in developing a positive workplace and in leadership and force management, and requires improvement in police powers and public treatment.
In 2022, the force was graded adequate at investigating crime.
""", [("suffolk", "2023-25", "area", a, g) for a, g in (
    ("preventing-crime", G), ("responding-to-public", G), ("investigating-crime", G), ("protecting-vulnerable", G),
    ("managing-offenders", "Adequate"), ("workforce", "Adequate"), ("leadership", "Adequate"),
    ("police-powers", RI))])

page("pcc_2023_counts_disagree", """
PEEL inspection: Suffolk Constabulary
Posted on 14 March 2024
HMICFRS has published its PEEL 2023–2025 report on Suffolk Constabulary.
The inspectorate found the force was 'good' in three areas and 'adequate' in five areas.
Suffolk Constabulary was graded good at preventing crime, responding to the public, investigating crime and protecting vulnerable people.
""", [], ("count_mismatch",))

page("pcc_counts_only", """
Northumbria Police PEEL report published
Published on: 20 September 2022
HMICFRS found Northumbria Police was outstanding in one area, good in five areas and adequate in three areas.
""", [], ("missing_area",))

page("news_2021_area_list", """
Gwent Police's PEEL 2021/22 grades
HMICFRS inspected how good Gwent Police is in ten areas of policing.
Outstanding
None
Good
Preventing crime and anti-social behaviour
Investigating crime
Protecting vulnerable people
Adequate
Responding to the public
Managing offenders and suspects
Building, supporting and protecting the workforce
Strategic planning, organisational management and value for money
Requires improvement
Treatment of the public
Recording data about crime
Inadequate
None
""", [("gwent", "2021/22", "area", a, g) for a, g in (
    ("preventing-crime", G), ("investigating-crime", G), ("protecting-vulnerable", G),
    ("responding-to-public", "Adequate"), ("managing-offenders", "Adequate"), ("workforce", "Adequate"),
    ("strategic-planning", "Adequate"), ("treatment-of-public", RI), ("recording-crime-data", RI))])

page("local_news_pillars", """
Kent Police rated outstanding by watchdog
By a staff reporter
Published: 22 March 2018
Kent Police has been rated outstanding for legitimacy and good for effectiveness and efficiency by HM Inspectorate of Constabulary and Fire and Rescue Services.
The chief constable said he was proud of the officers. Last year the force was rated good for legitimacy.
""", [("kent", "2017", "pillar", "legitimacy", O), ("kent", "2017", "pillar", "effectiveness", G),
      ("kent", "2017", "pillar", "efficiency", G)])

_RI16 = ["bedfordshire", "cleveland", "dyfed-powys", "humberside", "nottinghamshire", "south-yorkshire", "surrey",
         "west-yorkshire"]
page("news_named_groups", """
Police watchdog publishes PEEL 2016 efficiency grades
Published 3 November 2016
Two forces were rated outstanding: Durham and Kent. Eight forces were judged to require improvement (Bedfordshire, Cleveland, Dyfed-Powys, Humberside, Nottinghamshire, South Yorkshire, Surrey and West Yorkshire), the inspectorate said.
Three forces were rated good: Essex and Norfolk.
""", [("durham", "2016", "pillar", "efficiency", O), ("kent", "2016", "pillar", "efficiency", O)]
     + [(f, "2016", "pillar", "efficiency", RI) for f in _RI16], ("missing_force",))

page("pcc_2021_bullets", """
PEEL inspection report published
Published on: 4 March 2022
HMICFRS has published its PEEL 2021/22 report on Devon and Cornwall Police. The force was graded as:
• adequate at treatment of the public;
• requires improvement at preventing crime and anti-social behaviour;
• inadequate at responding to the public; and
• good at investigating crime.
The inspectorate graded Cumbria Constabulary as:
• outstanding in protecting vulnerable people
""", [("devon-and-cornwall", "2021/22", "area", "treatment-of-public", "Adequate"),
      ("devon-and-cornwall", "2021/22", "area", "preventing-crime", RI),
      ("devon-and-cornwall", "2021/22", "area", "responding-to-public", I),
      ("devon-and-cornwall", "2021/22", "area", "investigating-crime", G),
      ("cumbria", "2021/22", "area", "protecting-vulnerable", O)])

# an area round's force page with its "Our judgments" table copied from the browser one cell per line: an area,
# then its grade, area after area (the service to victims is assessed but not graded; serious organised crime
# was graded for some forces only and is not on this one)
page("force_2021_judgments_cells", """
Skip to content
Dorset PEEL 2021/22
Published on: 9 June 2022
Our judgments
This is how we graded Dorset Police in each area we inspected.
Area
Grade
Engaging with and treating the public with fairness and respect
Adequate
Preventing crime and anti-social behaviour
Good
Responding to the public
Requires improvement
Investigating crime
Good
Protecting vulnerable people
Outstanding
Managing offenders and suspects
Adequate
Building, supporting and protecting the workforce
Good
Strategic planning, organisational management and value for money
Adequate
Recording data about crime
Good
Providing a service to victims of crime
Not graded
""", [("dorset", "2021/22", "area", a, g) for a, g in (
    ("treatment-of-public", "Adequate"), ("preventing-crime", G), ("responding-to-public", RI),
    ("investigating-crime", G), ("protecting-vulnerable", O), ("managing-offenders", "Adequate"), ("workforce", G),
    ("strategic-planning", "Adequate"), ("recording-crime-data", G))], ("not_graded",))

page("force_2023_judgments_cells", """
PEEL 2023–2025: Wiltshire Police
Published on: 21 November 2024
The inspectorate has assessed how good Wiltshire Police is in eight areas of policing.
Police powers and public treatment
Good
Preventing and deterring crime and anti-social behaviour, and reducing vulnerability
Adequate
Responding to the public
Inadequate
Investigating crime
Requires improvement
Protecting vulnerable people
Requires improvement
Managing offenders and suspects
Good
Building, supporting and protecting the workforce
Adequate
Leadership and force management
Requires improvement
Read the full report
""", [("wiltshire", "2023-25", "area", a, g) for a, g in (
    ("police-powers", G), ("preventing-crime", "Adequate"), ("responding-to-public", I), ("investigating-crime", RI),
    ("protecting-vulnerable", RI), ("managing-offenders", G), ("workforce", "Adequate"), ("leadership", RI))])

# the same table with a heading line lost becomes a list of grades each followed by an area: nothing in it can be
# told from a grade-grouped list, so it is read only when it names every area the round grades
page("force_2023_judgments_incomplete", """
PEEL 2023–2025: Wiltshire Police
Investigating crime
Requires improvement
Protecting vulnerable people
Requires improvement
Managing offenders and suspects
Good
""", [])

# a press copy stating several grades in one sentence, the later ones after commas
page("local_news_2021_areas", """
Watchdog rates Lancashire police
Published: 12 July 2022
Lancashire Constabulary has been rated outstanding for preventing crime and anti-social behaviour in its PEEL 2021/22 inspection. It was rated good at investigating crime and protecting vulnerable people, adequate at responding to the public and requires improvement in recording data about crime.
""", [("lancashire", "2021/22", "area", a, g) for a, g in (
    ("preventing-crime", O), ("investigating-crime", G), ("protecting-vulnerable", G),
    ("responding-to-public", "Adequate"), ("recording-crime-data", RI))])

# the grade in the lead-in, the areas in the bullets: read when the lead-in counts them ...
page("pcc_2021_grade_leads_counted", """
PEEL inspection of Norfolk Constabulary
Published on: 29 April 2022
HMICFRS has published its PEEL 2021/22 inspection of Norfolk Constabulary.
The force was graded as good in three areas:
- Investigating crime
- Protecting vulnerable people
- Managing offenders and suspects
The force was graded as adequate in two areas:
- Responding to the public
- Recording data about crime
""", [("norfolk", "2021/22", "area", a, g) for a, g in (
    ("investigating-crime", G), ("protecting-vulnerable", G), ("managing-offenders", G),
    ("responding-to-public", "Adequate"), ("recording-crime-data", "Adequate"))])

# ... or punctuates them as one list
page("pcc_2023_grade_leads_punctuated", """
PEEL inspection of Suffolk Constabulary
Published on: 14 March 2024
HMICFRS has published its PEEL 2023–2025 report on Suffolk Constabulary.
The constabulary was judged to be good at:
• investigating crime;
• protecting vulnerable people; and
• responding to the public.
The constabulary was judged to be adequate at:
• managing offenders and suspects; and
• leadership and force management.
""", [("suffolk", "2023-25", "area", a, g) for a, g in (
    ("investigating-crime", G), ("protecting-vulnerable", G), ("responding-to-public", G),
    ("managing-offenders", "Adequate"), ("leadership", "Adequate"))])

# a lost lead-in line would give its areas the grade above unseen: such a list is a finding, not rows
page("pcc_2021_grade_leads_unsure", """
PEEL inspection of Norfolk Constabulary
Published on: 29 April 2022
HMICFRS has published its PEEL 2021/22 inspection of Norfolk Constabulary.
The force was graded as good in the following areas:
- Investigating crime
- Protecting vulnerable people
""", [], ("layout",))

# a one-force list under a title that names the force first
page("news_2021_list_title_force_first", """
Lancashire Constabulary: PEEL 2021/22
Outstanding: Preventing crime and anti-social behaviour
Good: Investigating crime; Protecting vulnerable people; Managing offenders and suspects
Adequate: Responding to the public; Treatment of the public; Building, supporting and protecting the workforce
Requires improvement: Recording data about crime; Strategic planning, organisational management and value for money
Inadequate: None
""", [("lancashire", "2021/22", "area", a, g) for a, g in (
    ("preventing-crime", O), ("investigating-crime", G), ("protecting-vulnerable", G), ("managing-offenders", G),
    ("responding-to-public", "Adequate"), ("treatment-of-public", "Adequate"), ("workforce", "Adequate"),
    ("recording-crime-data", RI), ("strategic-planning", RI))])

# each area and its grade on one line (a PCC page's summary)
page("pcc_2023_area_grade_lines", """
Our force's PEEL assessment
PEEL 2023–2025: Cheshire Constabulary
Published on: 5 September 2024
The inspectorate's grades for Cheshire Constabulary are:
Police powers and public treatment: Good
Preventing and deterring crime and anti-social behaviour, and reducing vulnerability – Outstanding
- Responding to the public: requires improvement
- Investigating crime: adequate
Providing a service to victims of crime: not graded
""", [("cheshire", "2023-25", "area", "police-powers", G), ("cheshire", "2023-25", "area", "preventing-crime", O),
      ("cheshire", "2023-25", "area", "responding-to-public", RI),
      ("cheshire", "2023-25", "area", "investigating-crime", "Adequate")])

# counts that name their areas after a colon
page("pcc_2021_counted_lists", """
PCC welcomes PEEL report
Published on: 20 October 2022
The Police and Crime Commissioner has welcomed the HMICFRS PEEL 2021/22 report on Durham Constabulary.
Durham Constabulary was graded outstanding in two areas: investigating crime and protecting vulnerable people.
It was graded good in three areas: preventing crime and anti-social behaviour, responding to the public and managing offenders and suspects.
The force was rated adequate for recording data about crime.
""", [("durham", "2021/22", "area", a, g) for a, g in (
    ("investigating-crime", O), ("protecting-vulnerable", O), ("preventing-crime", G), ("responding-to-public", G),
    ("managing-offenders", G), ("recording-crime-data", "Adequate"))])

page("news_2021_count_of_nine", """
Inspectorate grades Essex Police
Published: 3 March 2023
Essex Police has been graded as 'good' in five of the nine areas inspected by HMICFRS in its PEEL 2021/22 inspection: preventing crime and anti-social behaviour, investigating crime, protecting vulnerable people, managing offenders and suspects, and building, supporting and protecting the workforce.
The force was found to 'require improvement' in responding to the public.
""", [("essex", "2021/22", "area", a, g) for a, g in (
    ("preventing-crime", G), ("investigating-crime", G), ("protecting-vulnerable", G), ("managing-offenders", G),
    ("workforce", G), ("responding-to-public", RI))])

# a count whose list does not hold that many areas: the count is a finding, the list gives nothing
page("pcc_2021_counted_list_short", """
PCC welcomes PEEL report
Published on: 20 October 2022
HMICFRS has published its PEEL 2021/22 report on Durham Constabulary.
Durham Constabulary was graded good in three areas: preventing crime and anti-social behaviour and responding to the public.
""", [], ("missing_area",))

# the pillar named by the inspection the sentence opens with
page("news_2017_pillar_lead", """
Watchdog verdict on Warwickshire Police
Published: 22 March 2018
In the PEEL 2017 effectiveness inspection, Warwickshire Police was graded as requires improvement. It was judged to be good at investigating crime, and requires improvement at protecting vulnerable people.
Last year the force was graded as good for efficiency.
""", [("warwickshire", "2017", "pillar", "effectiveness", RI), ("warwickshire", "2017", "question", "investigating-crime", G),
      ("warwickshire", "2017", "question", "protecting-vulnerable", RI)])
