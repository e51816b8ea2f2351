"""Builds the skill vocabulary ``src/jobfit/data/resources/skills.txt``.

The vocabulary is the union of the seed families' skills (``seed_families.json``), the
hand-curated list below, and acronym definitions mined from O*NET task statements and
occupation descriptions (``computer-aided design (CAD)``), kept only when the acronym's
letters are the initials of the words before it. The output is sorted and deterministic.

File format, one entry a line::

    canonical | alias | alias      a skill and the other ways it is written
    [soft] canonical | alias       a soft skill (left out of job requirements by default)
    [credential] canonical | alias a licence, certification or degree: held or not, never
                                   "similar" (explanations meet it only by name)
    - phrase                       not a skill: blocks matches inside it ("the rest of")

Entries written with an uppercase letter match only in that case (``C``, ``R``); all others
match in any case. The canonical name is the first entry, lowercased.

Example:
    .venv/bin/python scripts/build_skills.py
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "src" / "jobfit" / "data" / "resources"
DEFAULT_ONET = ROOT.parent / "shared" / "data" / "onet"

# Aliases of the seed's own skill names (the seed name stays canonical).
SEED_ALIASES = """
adobe cc | adobe creative cloud | creative cloud | adobe creative suite | creative suite
apis | api | web apis
app store | app store optimization
assets | digital assets
auditing | audit | audits | internal audit | internal auditing
branding | brand identity | brand strategy
campaigns | campaign | campaign management | marketing campaigns
care plans | care plan | nursing care plans | care planning
charting | clinical documentation
classroom management
closing | closing deals | deal closing
cloud | cloud computing | cloud infrastructure
cold calling | cold calls | cold call
cold email | cold emails | cold emailing
content strategy | content marketing strategy
contracts | contract drafting | contract management | contract negotiation
crm | customer relationship management
curriculum | curricula | curriculum development | curriculum design
customer satisfaction | csat
dashboards | dashboard | dashboarding
deployment | deployments
design systems | design system
differentiated instruction
drafting | legal drafting
email marketing | email campaigns
emr | emrs | electronic medical records | electronic medical record | ehr | ehrs | electronic health records | electronic health record
experimentation | experiments | experiment design
feature store | feature stores
general ledger
google analytics | ga4
illustration | illustrations
incident response | incident management
inference | model inference
interviewing | interviews | candidate interviews
knowledge base | knowledge bases | knowledge base articles
lead qualification | lead qualifying
legal research
lesson planning | lesson plans | lesson plan
medication administration | administering medications | administer medications
microservices | microservice | micro-services
ml | machine learning
mlops | ml ops
model serving
month-end close | month end closing | month-end closing
nlp | natural language processing
observability
offer negotiation | offer negotiations
okrs | okr | objectives and key results
on-call | on-call rotation
onboarding
paid media | paid social | paid advertising
patient assessment | patient assessments | assessing patients
patient care | direct patient care
pipeline | sales pipeline | pipeline management
prioritization | prioritizing
prospecting
prototyping | prototypes | prototype
push notifications | push notification
quota | quotas | sales quota | sales quotas
reconciliation | reconciliations | account reconciliation | account reconciliations | bank reconciliations
rest | restful | rest apis
roadmap | roadmaps | product roadmap | roadmapping
screening | candidate screening | phone screens
seo | search engine optimization
sklearn | scikit-learn
sla | slas | service level agreements | service level agreement
slo | slos | service level objectives | sli
social media | social media marketing
sourcing | candidate sourcing
stakeholders | stakeholder | stakeholder management
statistics | statistical analysis | statistical modeling
student engagement
tax | taxes | taxation | tax preparation | tax returns
testing | unit testing | automated testing | test automation
tickets | ticketing | support tickets | ticketing system
triage | triaging
troubleshooting | troubleshoot
typography
ui | user interface | user interfaces | ui design
usability testing | usability tests
user research | ux research
visualization | data visualization | data visualisation
wireframing | wireframes | wireframe
"""

CURATED = """
# software engineering
C
c++ | cpp
c# | csharp | c sharp
.net | dotnet | .net core | asp.net
java
javascript | js | ecmascript | es6
typescript
python | python3
golang | go lang
rust
ruby | ruby on rails | rails
php
perl
scala
R | rstudio
matlab
swiftui
objective-c
dart
flutter
react native
react | react.js | reactjs
angular | angularjs | angular.js
vue | vue.js | vuejs
node.js | nodejs
next.js | nextjs
express.js | expressjs
django
flask
fastapi
spring boot | spring framework
hibernate
graphql
grpc
json
xml
jquery
bootstrap
tailwind | tailwind css
sass | scss
webpack
redux
html | html5
css | css3
bash | shell scripting | shell scripts
powershell
git | github | gitlab | bitbucket
ci/cd | continuous integration | continuous delivery | continuous deployment
jenkins
github actions
terraform
ansible
puppet
aws | amazon web services
azure | microsoft azure
gcp | google cloud | google cloud platform
ec2
s3
lambda | aws lambda
kafka | apache kafka
rabbitmq
redis
elasticsearch
nginx
apache
docker | docker compose
kubernetes | k8s
helm charts
openshift
prometheus
grafana
datadog
splunk
new relic
serverless
devops
sre | site reliability engineering
linux | unix
windows server
vmware
virtualization
networking | computer networking
tcp/ip
dns
firewalls | firewall
cybersecurity | cyber security | information security | infosec
penetration testing | pen testing
siem
identity and access management | iam
encryption
oauth
active directory
system administration | systems administration
object-oriented programming | oop | object oriented design
data structures
algorithms
design patterns
software architecture | system design
distributed systems
embedded systems | embedded software
firmware
fpga
verilog
vhdl
rtos
qa | quality assurance
selenium
cypress
jest
pytest
junit
tdd | test-driven development
code review | code reviews
agile | agile methodology | agile methodologies
scrum | scrum master
kanban
jira
confluence
sdlc | software development lifecycle | software development life cycle
full-stack development | fullstack development | full stack development
front-end development | frontend development
back-end development | backend development
web development
mobile development | mobile app development
unity3d | unity engine
unreal engine
game development
blockchain
salesforce
sap
oracle
servicenow
sharepoint
Workday
wordpress
shopify
drupal
# data
sql
mysql
postgresql | postgres
sql server | mssql | microsoft sql server
t-sql
pl/sql
sqlite
mongodb | mongo
cassandra
dynamodb
nosql
snowflake
bigquery
redshift
databricks
spark | apache spark | pyspark
hadoop
hive
airflow | apache airflow
dbt
etl | elt | etl pipelines
data pipelines | data pipeline
data warehousing | data warehouse | data warehouses
data modeling | data modelling
data engineering
data analysis | data analytics
data science
data mining
data governance
data quality
data entry
big data
business intelligence | bi
tableau
power bi | powerbi
looker
qlik
microsoft excel | Excel | ms excel | spreadsheets
vlookup
pivot tables
google sheets
sas
spss
stata
a/b testing | ab testing | split testing
regression | regression analysis
forecasting
predictive modeling | predictive analytics
deep learning
neural networks
computer vision
llm | llms | large language models
generative ai | genai
artificial intelligence | ai
tensorflow
pytorch | torch
keras
hugging face | huggingface | transformers
xgboost
scipy
matplotlib
jupyter | jupyter notebooks
reinforcement learning
recommender systems | recommendation systems
time series | time series analysis
# design
adobe photoshop | photoshop
adobe illustrator | illustrator
adobe indesign | indesign
adobe xd
adobe premiere | premiere pro
after effects | adobe after effects
lightroom
invision
canva
ux design | user experience | ux
ui/ux | ux/ui
interaction design
visual design
graphic design
web design
motion graphics
animation
3d modeling
photography
video editing
information architecture
user flows
journey mapping | customer journey mapping
responsive design
logo design
# product and project management
product management
product strategy
product roadmap
user stories
requirements gathering
backlog management | product backlog
market research
competitive analysis
go-to-market | gtm | go-to-market strategy
project management
program management
[credential] pmp | project management professional
prince2
waterfall
budgeting | budget management
resource planning
risk management
change management
vendor management
process improvement | continuous improvement
lean principles | lean methodology
six sigma | lean six sigma
kaizen
root cause analysis
kpis | kpi | key performance indicators
ms project | microsoft project
asana
trello
smartsheet
# sales and marketing
b2b
b2b sales
b2c
saas
account management
key account management
business development
lead generation
inside sales
outside sales
consultative selling | consultative sales
solution selling
territory management
upselling | upsell | cross-selling
sales forecasting
hubspot
marketo
pardot
mailchimp
salesloft
outreach.io
zoominfo
linkedin sales navigator | sales navigator
demand generation
digital marketing
content marketing
copywriting
content creation
sem | search engine marketing
ppc | pay-per-click | pay per click
google ads | adwords
facebook ads | meta ads
marketing automation
brand management
public relations | PR
media relations
event planning | event management
market segmentation
affiliate marketing
influencer marketing
conversion rate optimization | cro
retail sales
merchandising | visual merchandising
point of sale | POS
cash handling
# finance and accounting
accounting
bookkeeping
accounts receivable
accounts payable
payroll
billing
invoicing
financial reporting | financial statements
financial analysis
financial modeling | financial modelling
fp&a | financial planning and analysis
budget forecasting
variance analysis
cost accounting
gaap | us gaap
ifrs
sox | sarbanes-oxley
internal controls
quickbooks
netsuite
oracle financials
Sage | sage 50 | sage intacct
xero
hyperion
[credential] cpa | certified public accountant
cma | certified management accountant
[credential] cfa | chartered financial analyst
acca
enrolled agent
investment banking
portfolio management
asset management
equity research
valuation
mergers and acquisitions | m&a
due diligence
underwriting
credit analysis
risk assessment
anti-money laundering | aml
kyc | know your customer
treasury
banking
claims processing
collections
# healthcare and nursing
[credential] registered nurse | rn | rns
[credential] licensed practical nurse | lpn | lvn | licensed vocational nurse
[credential] certified nursing assistant | cna
[credential] nurse practitioner | NP
[credential] bsn | bachelor of science in nursing
[credential] msn
[credential] nclex | nclex-rn
[credential] bls | basic life support
[credential] acls | advanced cardiac life support
[credential] pals | pediatric advanced life support
[credential] cpr
first aid
icu | intensive care
critical care
emergency department | emergency room | ER
med-surg | medical-surgical | med surg
telemetry
pediatrics
geriatrics
oncology
labor and delivery
home health
long-term care
wound care
iv therapy | iv insertion | iv placement
phlebotomy
vital signs
infection control
patient education
discharge planning
case management
Epic | epic systems | epic emr | epic ehr
cerner
meditech
hipaa
medical terminology
medical coding | icd-10 | cpt
medical billing
pharmacy
pharmacology
physical therapy
occupational therapy
respiratory therapy
radiology
mental health
behavioral health
counseling
social work
clinical research
clinical trials
gcp certification | good clinical practice
laboratory | lab techniques
patient scheduling
# education
teaching
lesson plans
classroom instruction
special education | sped
iep | ieps | individualized education program
esl | ell | english as a second language
tutoring
instructional design
e-learning | elearning
lms | learning management system
blackboard
canvas lms
google classroom
STEM | stem education
early childhood education
[credential] teaching certificate | teaching license | teaching credential | teacher certification | teacher license | teaching licence | educator license
common core
student assessment
parent communication
# legal
legal writing
contract law
corporate law
employment law
intellectual property | ip law
litigation
civil litigation
e-discovery | ediscovery
westlaw
lexisnexis
case law
legal compliance
regulatory compliance
bar admission | admitted to the bar | bar license
juris doctor | J.D.
paralegal
notary public | notary
# human resources
recruiting | recruitment | talent acquisition
full-cycle recruiting | full cycle recruiting
employee relations
benefits administration
compensation and benefits | compensation analysis
hris
performance management
talent management
workforce planning
training and development | learning and development
employee engagement
succession planning
diversity and inclusion | dei | diversity equity and inclusion
labor law
flsa
fmla
shrm
phr
bamboohr
adp
# construction and trades
construction management
project estimating | estimating | cost estimating
blueprint reading | blueprints
autocad
revit
bim
carpentry
plumbing
electrical | electrical systems
hvac
welding
mig welding
tig welding
framing
drywall
roofing
concrete work | concrete finishing
masonry
painting
power tools
hand tools
heavy equipment | heavy equipment operation
osha
safety compliance
building codes
journeyman
electrician
plumber
apprenticeship
general contractor
site supervision
surveying
# logistics and transportation
supply chain | supply chain management
logistics
inventory management | inventory control
warehouse management | warehousing
procurement | purchasing
sourcing strategy
shipping and receiving | shipping
order fulfillment
forklift | forklift certification | forklift operation
pallet jack
[credential] cdl | commercial driver's license
[credential] class a cdl | cdl-a | cdl a | cdl class a | class-a cdl | class a commercial driver's license
[credential] class b cdl | cdl-b | cdl b | cdl class b | class-b cdl | class b commercial driver's license
[credential] driver's license | valid driver's license | driver license
dot regulations
route planning
fleet management
dispatching | dispatch
freight
import/export | customs
demand planning
erp
wms | warehouse management system
rf scanner | rf scanning
cycle counting | cycle counts
# hospitality and food service
food safety
servsafe
food handler | food handlers card
culinary
cooking
food preparation | food prep
menu planning
bartending
barista
guest services
front desk
reservations
housekeeping
hotel management
catering
# administrative and customer service
customer service
customer support
call center
help desk
technical support
zendesk
freshdesk
intercom
live chat
de-escalation
conflict resolution
complaint resolution
scheduling | calendar management
office administration | office management
microsoft office | ms office | office 365 | microsoft 365
microsoft word | ms word
powerpoint | microsoft powerpoint
microsoft outlook | Outlook
google workspace | g suite
typing
filing
records management
travel arrangements | travel coordination
minutes taking | meeting minutes
receptionist
bilingual
spanish
french
german
mandarin
# manufacturing and engineering
manufacturing
lean manufacturing
quality control | qc
quality management
iso 9001
gmp | good manufacturing practices
cnc | cnc machining | cnc programming
machining
machine operation
assembly
production planning
preventive maintenance
mechanical engineering
electrical engineering
civil engineering
chemical engineering
solidworks
catia
creo
ansys
cad | computer-aided design
cam | computer-aided manufacturing
gd&t
plc | plc programming | plcs
scada
robotics
industrial automation
hydraulics
pneumatics
blueprint interpretation
metrology
fmea
spc | statistical process control
# certifications and licences (general)
[credential] aws certified | aws certification
[credential] azure certification
[credential] ccna
[credential] ccnp
[credential] cissp
[credential] cisa
[credential] cism
[credential] comptia
[credential] comptia a+ | a+ certification
[credential] comptia security+ | security+
[credential] comptia network+ | network+
itil
[credential] security clearance
[credential] secret clearance
[credential] top secret clearance | ts/sci
[credential] real estate license
[credential] insurance license
[credential] series 7
[credential] series 63
[credential] shrm-cp | shrm certified professional
[credential] shrm-scp | shrm senior certified professional
[credential] phr | professional in human resources
[credential] sphr | senior professional in human resources
[credential] aphr | associate professional in human resources
[credential] ccrn | ccrn-adult | ccrn (adult) | ccrn adult
[credential] cen | certified emergency nurse
[credential] nrp | neonatal resuscitation program
[credential] tncc | trauma nursing core course
[credential] epa 608 universal | epa 608 universal certification | universal epa 608 | epa section 608 universal | epa universal certification
[credential] epa 608 type i | epa 608 type 1 | epa type i | type i epa 608
[credential] epa 608 type ii | epa 608 type 2 | epa type ii | type ii epa 608
[credential] epa 608 type iii | epa 608 type 3 | epa type iii | type iii epa 608
[credential] epa 608 | epa 608 certification | epa section 608 | section 608 certification | epa certification
[credential] dot medical card | dot medical certificate | dot medical examiner's certificate | medical examiner's certificate | dot physical | dot medical
[credential] hazmat endorsement | hazmat endorsed | h endorsement
[credential] tanker endorsement | n endorsement
[credential] pharmd | pharm.d. | doctor of pharmacy
[credential] cpht | certified pharmacy technician
[credential] certified ethical hacker | ceh
[credential] oscp
[credential] comptia cysa+ | cysa+
[credential] osha 10 | osha 10-hour | osha 10 hour
[credential] osha 30 | osha 30-hour | osha 30 hour
[credential] nate certification | nate certified | nate-certified
[credential] ase certification | ase certified | ase-certified
[credential] journeyman electrician license | journeyman license
[credential] master electrician license
[credential] certified professional coder | cpc
[credential] cfp | certified financial planner
[credential] six sigma green belt | green belt
[credential] six sigma black belt | black belt
[credential] cia | certified internal auditor
[credential] aws certified solutions architect | aws solutions architect
[credential] certified kubernetes administrator | cka
pci dss | pci-dss | pci | payment card industry data security standard
addie | addie model
articulate storyline | storyline | articulate 360
adobe captivate | captivate
flink | apache flink
scorm | xapi | tin can
camtasia
Canvas | canvas lms | instructure canvas
rise 360 | articulate rise
wcag | wcag 2.1 | wcag 2.0
reefer | refrigerated freight
eld | elds | electronic logging device | electronic logging devices
wiring diagrams | wiring schematics
otr | over-the-road | over the road
gdpr
# degrees
[credential] bachelor's degree | bachelor degree | bachelor's | bachelor of science | bachelor of arts | undergraduate degree | B.S. | B.A.
[credential] master's degree | master degree | master's | master of science | master of arts | graduate degree | M.S. | M.A.
[credential] mba | master of business administration
[credential] phd | ph.d. | doctorate | doctoral degree
[credential] associate degree | associate's degree | associates degree
[credential] high school diploma | ged | high school equivalency
# soft skills
[soft] communication | communication skills | communications skills | verbal communication | written communication
[soft] collaboration | collaborative
[soft] teamwork | team player
[soft] leadership | leadership skills
[soft] problem solving | problem-solving | problem solver
[soft] critical thinking
[soft] time management
[soft] attention to detail | detail-oriented | detail oriented
[soft] organizational skills | organization skills
[soft] interpersonal skills
[soft] adaptability
[soft] multitasking | multi-tasking
[soft] mentoring | mentorship | coaching
[soft] public speaking
[soft] presentation skills | presentations
# not skills: phrases that contain a short skill name
- the rest
- rest of
- at rest
- rest breaks
- rest periods
- c-suite
- c-level
- vitamin c
- d.c.
- a/c
- r&d
- p&l
- node of
- spring semester
- spring break
- in the spring
- lean on
- iv bags
- flexible scheduling
- flexible schedule
- flexible schedules
- health insurance
- dental insurance
"""

ACRONYM = re.compile(r"((?:[A-Za-z][\w'-]*,?\s+){1,7})\(([A-Z][A-Z0-9&/]{2,6})\)")
MINOR = {"and", "of", "or", "the", "for", "in", "to", "a", "an", "on"}
# Mined definitions that are diseases, agencies, programmes or English words, not skills.
MINED_EXCLUDE = {
    "aids",
    "hiv",
    "ed",
    "it",
    "pet",
    "fish",
    "eng",
    "ep",
    "atm",
    "wic",
    "usps",
    "fcc",
    "tsa",
    "psa",
    "gvw",
    "cvs",
    "pac",
    "fna",
    "ncs",
    "tiu",
    "ctu",
    "mfa",
    "sfa",
    "sbr",
    "bop",
    "igcc",
    "lpfet",
    "iscn",
    "hifu",
    "afis",
    "eas",
    "cpe",
    "hra",
    "usb",
    "ada",
    "roi",
    "etf",
    "ems",
    "lis",
}


def _initials(words: list[str], with_minor: bool) -> str:
    parts = [p for w in words for p in re.split(r"[-/]", w) if p]
    return "".join(p[0].lower() for p in parts if with_minor or p.lower() not in MINOR)


def mine_onet(src: Path) -> dict[str, Counter[str]]:
    """Returns acronym -> expansions defined in O*NET task and occupation texts."""
    texts: list[str] = []
    for name, column in (("Task_Statements.txt", 2), ("Occupation_Data.txt", 2)):
        with (src / name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        texts.extend(row[column] for row in rows if len(row) > column)
    found: dict[str, Counter[str]] = {}
    for text in texts:
        for m in ACRONYM.finditer(text):
            words = m.group(1).replace(",", " ").split()
            acronym = m.group(2)
            letters = "".join(ch for ch in acronym.lower() if ch.isalpha())
            for k in range(2, len(words) + 1):
                tail = words[-k:]
                if letters in (_initials(tail, False), _initials(tail, True)):
                    found.setdefault(acronym, Counter())[" ".join(tail).lower()] += 1
                    break
    return {a: e for a, e in found.items() if a.lower() not in MINED_EXCLUDE}


def _parse(block: str) -> list[tuple[str, list[str]]]:
    """Parses entry lines into (tag, forms); tag is "", "soft" or "block"."""
    out: list[tuple[str, list[str]]] = []
    for raw in block.splitlines():
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("- "):
            out.append(("block", [line[2:].strip()]))
            continue
        tag = ""
        for name in ("soft", "credential"):
            if line.startswith(f"[{name}] "):
                tag, line = name, line[len(name) + 3 :]
        out.append((tag, [f.strip() for f in line.split(" | ") if f.strip()]))
    return out


def build(seed_path: Path, onet: Path | None) -> list[str]:
    """Returns the vocabulary lines, sorted by canonical name."""
    entries: dict[str, tuple[str, list[str]]] = {}

    def add(tag: str, forms: list[str]) -> None:
        canonical = forms[0].lower()
        key = ("- " if tag == "block" else "") + canonical
        old_tag, old_forms = entries.get(key, (tag, [forms[0]]))
        merged = old_forms + [f for f in forms if f not in old_forms]
        entries[key] = (old_tag or tag, merged)

    seed = json.loads(seed_path.read_text(encoding="utf-8"))
    for family in seed["families"]:
        for skill in family["skills"]:
            add("", [skill])
    for tag, forms in _parse(SEED_ALIASES) + _parse(CURATED):
        if (
            forms[0].lower() not in {k for k in entries if not k.startswith("- ")}
            and tag != "block"
        ):
            # Curated aliases that are another entry's canonical would split a skill: fold them.
            owner = next(
                (
                    k
                    for k, (_, fs) in entries.items()
                    if forms[0].lower() in {f.lower() for f in fs[1:]}
                ),
                None,
            )
            if owner is not None:
                add(entries[owner][0], [owner, *forms])
                continue
        add(tag, forms)

    if onet is not None:
        taken = {f.lower(): k for k, (_, fs) in entries.items() for f in fs}
        for acronym, expansions in sorted(mine_onet(onet).items()):
            owner = taken.get(acronym.lower()) or next(
                (taken[e] for e in sorted(expansions) if e in taken), None
            )
            ranked = [e for e, _ in sorted(expansions.items(), key=lambda kv: (-kv[1], kv[0]))]
            if owner is not None:
                add(entries[owner][0], [entries[owner][1][0], *ranked])
            else:
                add("", [*ranked, acronym])

    lines: list[str] = []
    blocks: list[str] = []
    for key in sorted(entries):
        tag, forms = entries[key]
        if tag == "block":
            blocks.append(f"- {forms[0]}")
        else:
            prefix = f"[{tag}] " if tag in ("soft", "credential") else ""
            lines.append(prefix + " | ".join(forms))
    return lines + blocks


HEADER = """# jobfit skill vocabulary: generated by scripts/build_skills.py; edit that script, not this file.
# Sources: the seed role families, a curated list, and acronym definitions mined from the O*NET 26.3
# Database (USDOL/ETA, CC BY 4.0; see ONET_ATTRIBUTION.txt).
# Format: canonical | alias | alias ; "[soft] " marks a soft skill ; "[credential] " a licence,
# certification or degree ; "- phrase" is not a skill and blocks matches inside it. Entries with
# an uppercase letter match only in that case.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--onet", type=Path, default=DEFAULT_ONET, help="folder of O*NET text files"
    )
    parser.add_argument("--no-onet", action="store_true", help="skip mining O*NET")
    parser.add_argument("--out", type=Path, default=RESOURCES / "skills.txt")
    args = parser.parse_args(argv)
    onet = None if args.no_onet or not (args.onet / "Task_Statements.txt").is_file() else args.onet
    lines = build(RESOURCES / "seed_families.json", onet)
    args.out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {len(lines)} entries to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
