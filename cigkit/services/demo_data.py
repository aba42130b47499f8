"""The people, projects and words of the demo programme (all fictional)."""

from __future__ import annotations

PROGRAMME = "Partners Priority Programme"
# The demo's words were written as of workshop 3, held on WRITTEN_FOR. The demo moves every
# date in them by the same number of days, so that workshop DAY_WORKSHOP falls on today.
WRITTEN_FOR = "2026-11-24"
DAY_WORKSHOP = 3
WORKSHOP_DATES = (
    "2026-09-22", "2026-10-20", "2026-11-24", "2026-12-15",
    "2027-01-26", "2027-03-02", "2027-04-13", "2027-05-25",
)

# (cig name, theme, facilitator, [(team, project, organisation, [(member, role, joined)])])
CIGS = [
    ("Long-term conditions", "Living well with long-term conditions", "Dr Amara Okafor", [
        ("Diabetes Foot Care", "Does the community foot-protection service reach people "
         "in the most deprived wards?", "Northfield Community Health", [
            ("Grace Mensah", "practitioner", 1), ("Owen Price", "commissioner", 1),
            ("Lena Kowalska", "public advisor", 1), ("Sam Adeyemi", "intern", 1),
            ("Dr Ruth Hale", "researcher", 1)]),
        ("MND Coordinated Care", "A single coordinator for people with motor neurone "
         "disease: who benefits and who is missed?", "Riverside Neurology Service", [
            ("Helen Fraser", "practitioner", 1), ("Imran Butt", "manager", 1),
            ("Joyce Whitfield", "public advisor", 2), ("Marek Nowak", "intern", 1)]),
        ("Heart Failure at Home", "Nurse-led heart failure reviews at home instead of in "
         "clinic", "Eastgate Cardiology", [
            ("Nadia Rahman", "practitioner", 1), ("Peter Doyle", "commissioner", 1),
            ("Chloe Evans", "intern", 1)]),
    ]),
    ("Community and primary care", "Care closer to home", "Tom Reilly", [
        ("Social Prescribing Link", "Link workers connecting patients with community "
         "groups: effect on GP and emergency attendances", "Westbrook Primary Care Network", [
            ("Aisha Begum", "practitioner", 1), ("Gareth Lloyd", "commissioner", 1),
            ("Maureen O'Neill", "public advisor", 1), ("Daniel Osei", "public advisor", 1),
            ("Kate Turner", "intern", 1), ("Dr Felix Grant", "researcher", 1)]),
        ("Enhanced Primary Care", "Extended GP appointments for people with complex "
         "needs", "Hillside Health Centre", [
            ("Dr Sunil Patel", "practitioner", 1), ("Rachel Moore", "manager", 1),
            ("Tariq Hussain", "intern", 1), ("Bev Collins", "public advisor", 3)]),
        ("Clinicians in the Community", "Paramedics and nurses in community hubs to avoid "
         "ambulance conveyance", "County Ambulance Service", [
            ("Jon Harper", "practitioner", 1), ("Fiona Blake", "commissioner", 1),
            ("Ade Ogunleye", "public advisor", 1), ("Lucy Marsh", "intern", 1)]),
    ]),
    ("Mental health and dementia", "Support in crisis and after diagnosis", "Priya Shah", [
        ("Dementia Crisis Support", "Rapid home support for people with dementia in crisis",
         "Meadowbank Mental Health Trust", [
            ("Claire Dunn", "practitioner", 1), ("Mohammed Ali", "commissioner", 1),
            ("Edith Ward", "public advisor", 1), ("Ben Carter", "intern", 1)]),
        ("Memory Clinic Access", "Who reaches a memory clinic, and how late?",
         "Meadowbank Mental Health Trust", [
            ("Dr Hannah Cole", "practitioner", 1), ("Yusuf Karim", "researcher", 1),
            ("Sian Roberts", "intern", 1)]),
        ("Crisis Cafe", "An evening crisis café run with a local charity as an alternative "
         "to the emergency department", "Harbour Mind", [
            ("Leon Francis", "practitioner", 1), ("Julia Stone", "manager", 1),
            ("Kwame Asante", "public advisor", 1), ("Rosa Lima", "public advisor", 1),
            ("Ellie Shaw", "intern", 1)]),
    ]),
]

# checklist: team index -> [(item, status, evidence, workshop)]
CHECKLIST = {
    0: [("problem-uneven", "done", "Admissions by ward, 2024-25 HES extract", 1),
        ("problem-drivers", "in progress", "Transport and shift work raised by public advisor", 2),
        ("involve-from-start", "done", "Lena on the team since workshop 1", 1),
        ("design-logic-model", "in progress", "Draft logic model v1", 2),
        ("data-deprivation", "in progress", "Postcode extract requested", 2)],
    1: [("problem-uneven", "in progress", "", 1), ("involve-from-start", "in progress",
         "Joyce joined at workshop 2", 2)],
    2: [("problem-uneven", "in progress", "Clinic non-attendance by area", 2)],
    3: [("problem-uneven", "done", "GP attendance by IMD quintile", 1),
        ("involve-from-start", "done", "Two public advisors from the start", 1),
        ("involve-planning", "in progress", "Advisors co-wrote the interview guide", 2),
        ("design-logic-model", "done", "Logic model agreed", 2)],
    4: [("problem-uneven", "in progress", "", 2)],
    5: [("problem-uneven", "done", "Conveyance rates by area", 1),
        ("involve-from-start", "done", "", 1)],
    6: [("problem-uneven", "in progress", "", 1), ("involve-from-start", "done", "", 1)],
    7: [("problem-population", "in progress", "Referral age by ethnicity requested", 2),
        ("data-protected", "not applicable", "", 2)],
    8: [("problem-uneven", "done", "", 1), ("involve-from-start", "done", "", 1),
        ("share-understanding", "in progress", "Talk at the charity's open evening", 2)],
}
NOT_APPLICABLE_REASON = "Covered by the trust-wide equality assessment"

PASSPORT_DOMAINS = ("communication", "self-efficacy", "interconnectedness", "costs",
                    "professional-experience", "access")
