"""What the note-takers wrote at the demo's workshops 1 and 2, team by team (all fictional).

Each entry names the agenda block it was taken in by a fragment of that block's title in the
shipped plan (`sessions/workshop-0N.toml`); the demo builder resolves it to the block index.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    """One line of the demo logbook; actions carry an owner, a due and when they were done."""

    block: str
    kind: str  # discussion | decision | question | action
    text: str
    tags: tuple[str, ...] = ()
    sharing: str = "team"
    speaker: str = ""
    owner: str = ""
    due: str = ""  # "by workshop N" or YYYY-MM-DD (as written; the demo moves it with the day)
    done_at: int | None = None  # the workshop at which the action was marked done


def note(block: str, text: str, *tags: str, sharing: str = "team", speaker: str = "") -> Entry:
    return Entry(block, "discussion", text, tags, sharing, speaker)


def decision(block: str, text: str, *tags: str, sharing: str = "team") -> Entry:
    return Entry(block, "decision", text, tags, sharing)


def question(block: str, text: str, *tags: str, sharing: str = "programme") -> Entry:
    return Entry(block, "question", text, tags, sharing)


def action(block: str, text: str, owner: str, due: str, done_at: int | None = None) -> Entry:
    return Entry(block, "action", text, owner=owner, due=due, done_at=done_at)


# Block title fragments, workshop 1
SERVICE, CAUSES, WHO, REPORT1, NEXT1 = (
    "your service", "causes behind", "who is in the team", "Report-back", "actions before")
# Block title fragments, workshop 2
SINCE, MODEL, OUTCOMES, REPORT2, NEXT2 = (
    "actions since", "draw your logic model", "outcomes and the public", "Report-back",
    "actions before")
PA = "public advisor"

ENTRIES: dict[str, dict[int, list[Entry]]] = {
    "Diabetes Foot Care": {
        1: [
            note(SERVICE, "Foot ulcer admissions are twice as high in the two most deprived "
                 "wards.", "what:scientific"),
            note(CAUSES, "People miss appointments because of the bus route, not lack of "
                 "interest.", "whose:public", "what:practical-wisdom", speaker=PA,
                 sharing="programme"),
            note(CAUSES, "The clinics run 9 to 5 on weekdays; people on shifts or zero-hours "
                 "contracts lose pay to come.", "what:practical-wisdom",
                 speaker="practitioner"),
            note(WHO, "Lena has been on the team since the bid and will co-chair the project "
                 "meetings.", "how:coproduction"),
            note(WHO, "Staff sickness on the team is high; the manager is worried about "
                 "capacity.", sharing="internal"),
            decision(REPORT1, "Focus the evaluation on uptake by deprivation quintile."),
            question(REPORT1, "Can we get postcode-level data from the foot-protection "
                     "register?"),
            action(NEXT1, "Ask the information team for register extract with postcodes",
                   "Owen Price", "by workshop 2", done_at=2),
            action(NEXT1, "Map the bus routes to the three clinic sites with Lena",
                   "Sam Adeyemi", "2026-10-13", done_at=2),
        ],
        2: [
            note(SINCE, "The register extract arrived; 94% of patients have a postcode, the "
                 "rest no fixed address.", "what:scientific"),
            note(MODEL, "Logic model drafted: transport barrier -> outreach clinic -> uptake.",
                 "how:coproduction"),
            note(MODEL, "Lena asked that the model also shows people who stop coming after one "
                 "visit, not only those who never start.", "whose:public", speaker=PA),
            note(OUTCOMES, "Short term: first-visit uptake by quintile. Long term: amputations "
                 "per 1,000 people with diabetes, by ward.", "what:scientific"),
            decision(OUTCOMES, "Add ethnicity and first language to the data request.",
                     "what:scientific"),
            question(REPORT2, "Is an interrupted time series feasible with two years of data?",
                     "why:research"),
            action(NEXT2, "Draft the logic model with Lena and share it before workshop 3",
                   "Grace Mensah", "by workshop 3"),
            action(NEXT2, "Book a room in the Ashfield library for the outreach pilot",
                   "Sam Adeyemi", "2026-11-10"),
        ],
    },
    "MND Coordinated Care": {
        1: [
            note(SERVICE, "One coordinator holds the caseload of 41 people with MND across two "
                 "hospital trusts and the hospice.", "what:scientific"),
            note(SERVICE, "Admissions often follow a choking episode or a fall out of hours, "
                 "when the coordinator cannot be reached.", "what:practical-wisdom",
                 speaker="practitioner"),
            note(CAUSES, "People in the rural villages see the coordinator less often; a visit "
                 "takes most of a morning's driving.", "whose:practitioners"),
            note(WHO, "No public advisor yet. The local MND Association branch may know a "
                 "carer who would join.", "how:connections"),
            decision(WHO, "Invite a carer or a person with MND to join before workshop 2, with "
                     "time and travel paid."),
            question(REPORT1, "How do other teams pay public advisors without waiting weeks "
                     "for the trust's payroll?"),
            action(NEXT1, "Contact the MND Association branch about a public advisor",
                   "Imran Butt", "by workshop 2", done_at=2),
            action(NEXT1, "List the 2025 admissions that came within a month of the "
                   "coordinator's last contact", "Marek Nowak", "by workshop 2"),
        ],
        2: [
            note(SINCE, "Joyce Whitfield, who cared for her husband with MND, joined the team "
                 "today.", "how:coproduction"),
            note(SINCE, "Marek still has no access to the admissions data; the request is with "
                 "information governance."),
            note(MODEL, "Joyce said the coordinator mattered most in the weeks after diagnosis, "
                 "when families did not know whom to call.", "whose:public",
                 "what:practical-wisdom", speaker=PA),
            note(MODEL, "Logic model: one named contact -> crises handled without 999 -> fewer "
                 "unplanned admissions.", "how:coproduction"),
            note(OUTCOMES, "Joyce pointed out that the questions were set before she joined; "
                 "the team will go through them again with her.", "whose:public",
                 speaker=PA, sharing="programme"),
            decision(OUTCOMES, "Count carers' own wellbeing as an outcome alongside "
                     "admissions."),
            action(NEXT2, "Go through the evaluation questions with Joyce", "Helen Fraser",
                   "by workshop 3"),
        ],
    },
    "Heart Failure at Home": {
        1: [
            note(SERVICE, "Nurses review people with heart failure at home after discharge "
                 "instead of asking them to come to clinic."),
            note(SERVICE, "Readmissions within 30 days fell last year, but nobody has split the "
                 "figures by age or area.", "what:scientific"),
            note(CAUSES, "Many patients live alone and cannot weigh themselves every day, so "
                 "fluid build-up is spotted late.", "what:practical-wisdom",
                 speaker="practitioner"),
            note(WHO, "No public advisor on the team. Peter suggested asking the cardiac "
                 "rehabilitation patient group.", "whose:public"),
            decision(REPORT1, "Compare readmissions after home and clinic reviews over the same "
                     "twelve months."),
            action(NEXT1, "Ask the cardiac rehabilitation group whether a member would join "
                   "the team", "Peter Doyle", "by workshop 2"),
        ],
        2: [
            note(SINCE, "No reply from the rehabilitation group yet; still no public advisor."),
            note(MODEL, "Logic model: home review -> diuretic dose changed earlier -> fewer "
                 "admissions for fluid overload.", "what:technical"),
            note(MODEL, "Chloe found that home reviews go mostly to people already known to the "
                 "nurses; referrals from the most deprived areas are rare.",
                 "what:scientific"),
            note(OUTCOMES, "The team worried the design is settled before any patient has seen "
                 "it.", "how:coproduction"),
            decision(OUTCOMES, "Break readmissions down by deprivation quintile and by whether "
                     "the person lives alone."),
            question(REPORT2, "Could a team without a public advisor borrow one from another "
                     "team in the CIG for a session?"),
            action(NEXT2, "Pull 30-day readmissions for 2024-25 by postcode and household",
                   "Chloe Evans", "by workshop 3"),
        ],
    },
    "Social Prescribing Link": {
        1: [
            note(SERVICE, "Link workers saw 620 people last year; GP attendances fell for "
                 "those who joined a group.", "what:scientific"),
            note(CAUSES, "Daniel said men in their fifties who are out of work rarely accept a "
                 "referral: it feels like charity.", "whose:public", "what:practical-wisdom",
                 speaker=PA),
            note(CAUSES, "Most groups meet in church halls in the better-off part of town.",
                 "what:practical-wisdom"),
            note(WHO, "Maureen and Daniel have both been on the team since the bid was "
                 "written.", "how:coproduction"),
            decision(REPORT1, "Look at who is referred and who takes up a group, by IMD "
                     "quintile, sex and age."),
            action(NEXT1, "Draft an interview guide for people who turned a referral down, with "
                   "Maureen and Daniel", "Dr Felix Grant", "by workshop 2", done_at=2),
            action(NEXT1, "Count referrals by practice for 2025", "Kate Turner", "2026-10-09",
                   done_at=2),
        ],
        2: [
            note(SINCE, "Interview guide written with Maureen and Daniel; they want to run the "
                 "first interviews themselves.", "how:coproduction", sharing="programme"),
            note(MODEL, "Logic model agreed: referral -> first contact -> group attended -> "
                 "less isolation -> fewer GP and emergency visits.", "how:coproduction"),
            note(MODEL, "Maureen asked whether fewer GP visits is a good outcome for people who "
                 "were avoiding their GP before.", "whose:public", speaker=PA),
            note(OUTCOMES, "Gareth needs an answer on emergency attendances by March for the "
                 "contract renewal.", "whose:decision-makers", speaker="commissioner"),
            note(OUTCOMES, "The contract may not be renewed whatever the evaluation shows.",
                 sharing="internal"),
            decision(OUTCOMES, "Measure loneliness with the three-item scale at referral and "
                     "three months later."),
            decision(OUTCOMES, "Pay public advisors for interview time at the programme rate."),
            action(NEXT2, "Get ethics advice on public advisors running interviews",
                   "Dr Felix Grant", "by workshop 3"),
            action(NEXT2, "Ask the practices to add the link-worker code to every referral",
                   "Gareth Lloyd", "2026-11-30"),
        ],
    },
    "Enhanced Primary Care": {
        1: [
            note(SERVICE, "Thirty-minute appointments for patients with four or more long-term "
                 "conditions, offered by letter."),
            note(SERVICE, "Letters go out in English only; many patients read Polish or Bengali "
                 "more easily.", "what:practical-wisdom"),
            note(CAUSES, "The patients who most need a long appointment are the least likely to "
                 "answer a letter.", "what:practical-wisdom", speaker="practitioner"),
            note(WHO, "No public advisor yet; the patient participation group meets next "
                 "month.", "whose:public"),
            decision(REPORT1, "Start by counting who was invited, who came and who never "
                     "replied, by language and deprivation."),
            action(NEXT1, "Ask the patient participation group for a public advisor",
                   "Rachel Moore", "by workshop 2", done_at=2),
            action(NEXT1, "Extract invitations and attendances from the clinical system",
                   "Tariq Hussain", "by workshop 2", done_at=2),
        ],
        2: [
            note(SINCE, "Bev Collins from the patient group will join from workshop 3.",
                 "how:connections"),
            note(SINCE, "Of 410 patients invited, 38% never replied; twice as many in the two "
                 "most deprived areas.", "what:scientific"),
            note(MODEL, "Logic model: translated letter and a phone call -> more replies -> "
                 "long appointment -> fewer crises.", "what:technical"),
            note(OUTCOMES, "Rachel warned that the long appointments cost a locum session a "
                 "week; commissioners will ask about cost.", "whose:decision-makers",
                 speaker="manager"),
            decision(OUTCOMES, "Try a phone call for non-replies in one practice before "
                     "changing the letters."),
            question(REPORT2, "Does another team have translated invitation letters we could "
                     "reuse?"),
            action(NEXT2, "Walk Bev through the draft logic model", "Dr Sunil Patel",
                   "2026-11-17"),
        ],
    },
    "Clinicians in the Community": {
        1: [
            note(SERVICE, "Paramedics and community nurses share three hubs; crews can refer "
                 "people there instead of taking them to ED."),
            note(SERVICE, "Conveyance fell from 62% to 51% of calls in the hub areas last "
                 "year.", "what:scientific"),
            note(CAUSES, "Ade said older people on his estate ring 999 because they cannot get "
                 "a GP appointment the same day.", "whose:public", "what:practical-wisdom",
                 speaker=PA, sharing="programme"),
            note(WHO, "Ade has been involved since the hubs were planned and wants to help "
                 "analyse the call data.", "how:coproduction"),
            decision(REPORT1, "Compare conveyance by deprivation decile of the caller's "
                     "postcode."),
            action(NEXT1, "Request a data-sharing agreement for the call records",
                   "Fiona Blake", "by workshop 2", done_at=2),
        ],
        2: [
            note(SINCE, "Data-sharing agreement signed; the first extract is due in "
                 "November."),
            note(MODEL, "Logic model: hub open -> crew refers instead of conveying -> fewer ED "
                 "attendances -> fewer admissions."),
            note(MODEL, "The hubs close at 6pm, just when many calls about falls come in.",
                 "what:technical", speaker="paramedic"),
            note(OUTCOMES, "Ade asked to see whether people sent to a hub call 999 again within "
                 "a week.", "whose:public", speaker=PA),
            decision(OUTCOMES, "Add a repeat call within seven days as a safety outcome."),
            action(NEXT2, "Write the analysis plan for the first extract with Ade",
                   "Lucy Marsh", "by workshop 3"),
            action(NEXT2, "Get each hub's opening hours since 2024", "Jon Harper",
                   "2026-11-24"),
        ],
    },
    "Dementia Crisis Support": {
        1: [
            note(SERVICE, "The rapid response team visits within four hours and can stay up to "
                 "72 hours to avoid an admission."),
            note(SERVICE, "About a third of referrals come from the ambulance service, mostly "
                 "at night.", "what:scientific"),
            note(CAUSES, "Edith said a crisis often starts when the family carer falls ill; "
                 "nobody asks about the carer.", "whose:public", "what:practical-wisdom",
                 speaker=PA),
            note(CAUSES, "People with no family nearby are admitted more often: nobody can stay "
                 "the night.", "what:practical-wisdom"),
            decision(REPORT1, "Evaluate admissions avoided, split by whether the person has a "
                     "carer living with them."),
            action(NEXT1, "Check whether the referral form records who the carer is",
                   "Ben Carter", "by workshop 2", done_at=2),
        ],
        2: [
            note(SINCE, "The form has the carer's name but not whether they live with the "
                 "person.", "what:technical"),
            note(MODEL, "Logic model: rapid visit -> crisis settled at home -> carer supported "
                 "-> fewer admissions.", "how:coproduction"),
            note(MODEL, "Mohammed asked what happens after 72 hours: admissions may only be "
                 "put off.", "whose:decision-makers", speaker="commissioner"),
            note(OUTCOMES, "Edith suggested asking carers, three months on, whether they would "
                 "call the team again.", "whose:public", speaker=PA),
            decision(OUTCOMES, "Follow people up at 30 and 90 days, not only when the team "
                     "hands over."),
            question(REPORT2, "Is there a regional source of dementia diagnosis rates by "
                     "ethnicity?", "what:scientific"),
            action(NEXT2, "Add 'lives with the person' to the referral form", "Claire Dunn",
                   "by workshop 3"),
            action(NEXT2, "Cost a follow-up call at 90 days with the finance lead",
                   "Mohammed Ali", "by workshop 4"),
        ],
    },
    "Memory Clinic Access": {
        1: [
            note(SERVICE, "People from South Asian and Black Caribbean communities reach the "
                 "clinic later, with more advanced dementia.", "what:scientific"),
            note(CAUSES, "Memory problems get put down to age or language; some families see "
                 "them as a private matter.", "what:practical-wisdom",
                 speaker="practitioner"),
            note(WHO, "No public advisor. Yusuf knows a dementia cafe at the mosque that might "
                 "help find one.", "how:connections"),
            note(WHO, "Hannah may be on long leave from the spring; someone must take over.",
                 sharing="internal"),
            decision(REPORT1, "Measure the stage at diagnosis by ethnicity and by route of "
                     "referral."),
            action(NEXT1, "Visit the dementia cafe and ask whether anyone would advise the "
                   "team", "Yusuf Karim", "by workshop 2"),
        ],
        2: [
            note(SINCE, "The cafe visit did not happen; the organiser was away."),
            note(SINCE, "Age at referral by ethnicity requested from the clinic database.",
                 "what:scientific"),
            note(MODEL, "Logic model: talks at community groups -> earlier GP visit -> earlier "
                 "referral -> diagnosis at a milder stage."),
            note(OUTCOMES, "Ethnicity is missing for a quarter of referrals.",
                 "what:scientific"),
            decision(OUTCOMES, "Report missing ethnicity as its own group rather than drop "
                     "those records."),
            action(NEXT2, "Write a note on the ethnicity gap for the trust's information team",
                   "Sian Roberts", "by workshop 3"),
        ],
    },
    "Crisis Cafe": {
        1: [
            note(SERVICE, "The cafe opens 6pm to midnight, four nights a week, run by the "
                 "charity with a mental health nurse on shift."),
            note(SERVICE, "1,150 visits were logged on paper last year; nobody knows how many "
                 "would have gone to ED instead.", "what:scientific"),
            note(CAUSES, "Kwame said young men he knows would not walk into anything called "
                 "mental health.", "whose:public", "what:practical-wisdom", speaker=PA),
            note(CAUSES, "Rosa said the cafe is hard to reach without a car once the buses stop "
                 "at 10pm.", "whose:public", speaker=PA),
            note(WHO, "Kwame and Rosa both use the cafe and helped set it up.",
                 "how:coproduction"),
            decision(REPORT1, "Ask visitors at the door, anonymously, where they would have "
                     "gone otherwise."),
            action(NEXT1, "Draft the door question with Kwame and Rosa", "Ellie Shaw",
                   "by workshop 2", done_at=2),
            action(NEXT1, "Ask ED whether it can flag attendances by cafe visitors",
                   "Julia Stone", "by workshop 2", done_at=2),
        ],
        2: [
            note(SINCE, "The door question ran for two weeks; 60% of visitors answered.",
                 "what:scientific"),
            note(MODEL, "Logic model: a welcoming place at night -> someone to talk to -> "
                 "crisis eased -> no ED visit.", "how:coproduction"),
            note(MODEL, "Repeat visitors are the group ED worries about most.",
                 "what:practical-wisdom", speaker="practitioner"),
            note(OUTCOMES, "Rosa asked that visitors' own words about what helped count as "
                 "findings, not only ED numbers.", "whose:public", speaker=PA),
            decision(OUTCOMES, "Add a short anonymous feedback card to the door question."),
            question(REPORT2, "Has anyone linked a charity's records with ED data without "
                     "names?", "what:technical"),
            action(NEXT2, "Design the feedback card with Kwame and Rosa", "Ellie Shaw",
                   "by workshop 3"),
            action(NEXT2, "Talk about the evaluation at the charity's open evening",
                   "Julia Stone", "2026-12-04"),
        ],
    },
}

# Shows of hands: (team, workshop, block fragment, question, counts)
TALLIES = [
    ("Social Prescribing Link", 2, OUTCOMES, "Which outcome should lead the evaluation?",
     {"loneliness": 7, "emergency attendances": 4, "GP visits": 3}),
    ("Crisis Cafe", 2, OUTCOMES, "What should the feedback card ask first?",
     {"felt listened to": 5, "safe plan for tonight": 4, "would have gone to ED": 3}),
]

# Members whose attendance nobody ticked at a workshop (neither present nor apologies).
UNRECORDED = {("Social Prescribing Link", 2): ("Gareth Lloyd",)}
# Members not there who sent no apologies either (everyone else missing sent apologies).
ABSENT = {("Clinicians in the Community", 2): ("Ade Ogunleye",)}
