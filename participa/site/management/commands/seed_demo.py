"""Build the demo city: a Romanian municipality with texts in Romanian, Polish and English.

``python manage.py seed_demo`` creates (or refreshes) the organization served at ``localhost``
(and ``127.0.0.1``), its districts and departments, an Open Government Partnership action plan
process whose phases are dated around today (so one is always active), a local working group,
a verified NGO and one person per role, then prints their logins. Running it again updates the
same rows: every record is keyed on a host, code, slug or e-mail address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from participa.components.pages.models import Page
from participa.components.pages.services import page_create, page_update
from participa.core.models import (
    Area,
    GroupKind,
    GroupMembership,
    Organization,
    Role,
    RoleKind,
    Scope,
    User,
    UserGroup,
)
from participa.lib import legal
from participa.opendata.selectors import latest_build
from participa.opendata.services import open_data_build
from participa.spaces.models import (
    Component,
    Phase,
    Space,
    SpaceKind,
    SpaceMembership,
    Visibility,
)
from participa.spaces.registry import get_spec

DEMO_PASSWORD = "participa-demo-2026"
HOST = "localhost"
DEMO_PORT = "8000"
SECONDARY_HOSTS = ["127.0.0.1"]
EMAIL_DOMAIN = "demo.participa.example"

Texts = dict[str, str]

# --- The organization ----------------------------------------------------------------------------

ORG_NAME = "Primăria Municipiului Timișoara"
ORG_DESCRIPTION: Texts = {
    "ro": (
        "Platforma de participare publică a Primăriei Municipiului Timișoara. Astăzi: "
        "consultări pe proiecte de hotărâri, cu dezbateri publice și un răspuns public la "
        "fiecare contribuție, procese participative cu comentarii, statistici și date "
        "deschise. În curând: propuneri ale cetățenilor, buget participativ și "
        "monitorizarea angajamentelor asumate."
    ),
    "pl": (
        "Platforma partycypacji publicznej Urzędu Miasta Timișoara. Dziś: konsultacje "
        "projektów uchwał z debatami publicznymi i publiczną odpowiedzią na każdą uwagę, "
        "procesy partycypacyjne z komentarzami, statystyki i otwarte dane. Wkrótce: wnioski "
        "mieszkańców, budżet obywatelski i monitorowanie zobowiązań."
    ),
    "en": (
        "The public participation platform of Timișoara City Hall. Today: consultations on "
        "draft decisions, with public debates and a public answer to every contribution, "
        "participatory processes with comments, statistics and open data. Coming soon: "
        "residents' proposals, participatory budgeting and monitoring of commitments."
    ),
}
ACCESSIBILITY_STATEMENT: Texts = {
    "ro": (
        "## Declarație de accesibilitate\n\n"
        "Primăria Municipiului Timișoara se angajează să facă acest site accesibil, în "
        "conformitate cu Directiva (UE) 2016/2102 și cu Ordonanța de urgență nr. 112/2018 "
        "privind accesibilitatea site-urilor web și a aplicațiilor mobile ale organismelor "
        "din sectorul public.\n\n"
        "## Stadiul conformității\n\n"
        "Site-ul este conform cu standardul WCAG 2.1, nivelul AA. Documentele PDF publicate "
        "înainte de 2024 pot să nu fie pe deplin accesibile; la cerere, vi le trimitem într-un "
        "format accesibil în cel mult 10 zile lucrătoare.\n\n"
        "## Feedback și date de contact\n\n"
        "Dacă întâmpinați dificultăți, scrieți-ne la "
        "<accesibilitate@primaria-timisoara.example>.\n\n"
        "Declarație revizuită în ultima lună.\n"
    ),
    "pl": (
        "## Deklaracja dostępności\n\n"
        "Urząd Miasta Timișoara zobowiązuje się zapewnić dostępność tej strony zgodnie z "
        "dyrektywą (UE) 2016/2102.\n\n"
        "## Stan zgodności\n\n"
        "Strona jest zgodna ze standardem WCAG 2.1 na poziomie AA. Dokumenty PDF opublikowane "
        "przed 2024 r. mogą nie być w pełni dostępne; na prośbę prześlemy je w dostępnym "
        "formacie w ciągu 10 dni roboczych.\n\n"
        "## Kontakt\n\n"
        "<accesibilitate@primaria-timisoara.example>.\n"
    ),
    "en": (
        "## Accessibility statement\n\n"
        "Timișoara City Hall is committed to making this website accessible, in accordance "
        "with Directive (EU) 2016/2102 and Romanian Emergency Ordinance 112/2018.\n\n"
        "## Compliance status\n\n"
        "The website conforms with WCAG 2.1, level AA. PDF documents published before 2024 "
        "may not be fully accessible; on request we send them in an accessible format within "
        "10 working days.\n\n"
        "## Feedback and contact\n\n"
        "Write to <accesibilitate@primaria-timisoara.example>.\n"
    ),
}
PRIVACY_POLICY: Texts = {
    "ro": (
        "## Cine prelucrează datele\n\n"
        "Operatorul datelor este Primăria Municipiului Timișoara, Bd. C. D. Loga nr. 1. "
        "Responsabilul cu protecția datelor: "
        "<dpo@primaria-timisoara.example>.\n\n"
        "## Ce date și de ce\n\n"
        "Prelucrăm adresa de e-mail și numele public pentru a vă permite să participați la "
        "consultări (art. 6 alin. 1 lit. e din Regulamentul (UE) 2016/679). Numele legal "
        "este folosit doar acolo unde legea îl cere și nu apare niciodată public.\n\n"
        "## Drepturile dumneavoastră\n\n"
        "Puteți descărca datele sau șterge contul din pagina contului. Puteți depune o "
        "plângere la ANSPDCP.\n"
    ),
    "pl": (
        "## Administrator danych\n\n"
        "Administratorem danych jest Urząd Miasta Timișoara. Inspektor ochrony danych: "
        "<dpo@primaria-timisoara.example>.\n\n"
        "## Jakie dane i dlaczego\n\n"
        "Przetwarzamy adres e-mail i nazwę publiczną, aby umożliwić udział w konsultacjach "
        "(art. 6 ust. 1 lit. e RODO).\n\n"
        "## Twoje prawa\n\n"
        "Możesz pobrać swoje dane lub usunąć konto na stronie konta.\n"
    ),
    "en": (
        "## Who processes your data\n\n"
        "The controller is Timișoara City Hall, 1 C. D. Loga Boulevard. Data protection "
        "officer: <dpo@primaria-timisoara.example>.\n\n"
        "## What data and why\n\n"
        "We process your e-mail address and public name so that you can take part in "
        "consultations (GDPR art. 6(1)(e)). Your legal name is used only where the law "
        "requires it and is never shown publicly.\n\n"
        "## Your rights\n\n"
        "You can download your data or delete your account from your account page, and "
        "complain to the national supervisory authority (ANSPDCP).\n"
    ),
}

# --- Territory and departments --------------------------------------------------------------------

ZONES: list[tuple[str, Texts, list[tuple[str, str]]]] = [
    ("zona-centru", {"ro": "Zona Centru", "pl": "Strefa Centrum", "en": "Central zone"}, [
        ("cetate", "Cetate"), ("elisabetin", "Elisabetin"), ("iosefin", "Iosefin"),
        ("fabric", "Fabric"),
    ]),
    ("zona-nord", {"ro": "Zona Nord", "pl": "Strefa Północna", "en": "North zone"}, [
        ("calea-aradului", "Calea Aradului"), ("lipovei", "Lipovei"),
        ("torontalului", "Torontalului"), ("circumvalatiunii", "Circumvalațiunii"),
    ]),
    ("zona-sud", {"ro": "Zona Sud", "pl": "Strefa Południowa", "en": "South zone"}, [
        ("complexul-studentesc", "Complexul Studențesc"), ("soarelui", "Soarelui"),
        ("girocului", "Calea Girocului"), ("freidorf", "Freidorf"),
    ]),
    ("zona-vest", {"ro": "Zona Vest", "pl": "Strefa Zachodnia", "en": "West zone"}, [
        ("mehala", "Mehala"), ("ronat", "Ronaț"), ("kuncz", "Kuncz"),
        ("dambovita", "Dâmbovița"), ("fratelia", "Fratelia"),
    ]),
]

AREAS: list[tuple[str, Texts]] = [
    ("urbanism", {"ro": "Urbanism și amenajarea teritoriului", "pl": "Urbanistyka",
                  "en": "Urban planning"}),
    ("environment", {"ro": "Mediu", "pl": "Środowisko", "en": "Environment"}),
    ("social-assistance", {"ro": "Asistență socială", "pl": "Pomoc społeczna",
                           "en": "Social assistance"}),
    ("mobility", {"ro": "Mobilitate urbană", "pl": "Mobilność miejska", "en": "Urban mobility"}),
    ("digitalisation", {"ro": "IT și digitalizare", "pl": "IT i cyfryzacja",
                        "en": "IT and digitalisation"}),
    ("culture", {"ro": "Cultură", "pl": "Kultura", "en": "Culture"}),
]

# --- People ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    label: str
    display_name: str
    legal_name: str
    language: str = "ro"


PEOPLE = [
    Person("administrator", "administrator", "Andreea Popescu", "Popescu Andreea-Maria"),
    Person("official", "official (IT and digitalisation)", "Radu Ionescu", "Ionescu Radu"),
    Person("district", "district representative (Zona Sud)", "Ioana Marin", "Marin Ioana"),
    Person("moderator", "moderator", "Vlad Stoica", "Stoica Vlad-Andrei"),
    Person("manager", "space manager (OGP action plan)", "Cristina Dobre", "Dobre Cristina"),
    Person("ngo", "NGO member (Asociația Timișoara Civică)", "Mihai Lazăr", "Lazăr Mihai"),
    Person("resident", "resident", "Elena Dumitru", "Dumitru Elena"),
    Person("resident-pl", "resident (Polish)", "Katarzyna Nowak", "Nowak Katarzyna", "pl"),
    # Members of the working group who are not printed as logins.
    Person("ngo-2", "", "Sorina Vasilescu", "Vasilescu Sorina"),
    Person("academic", "", "Prof. Dan Mureșan", "Mureșan Dan"),
]

# --- The OGP process ------------------------------------------------------------------------------

OGP_SLUG = "plan-ogp-local"
OGP_TITLE: Texts = {
    "ro": "Plan de acțiune local OGP 2026-2028",
    "pl": "Lokalny plan działania OGP 2026-2028",
    "en": "Open Government Partnership local action plan 2026-2028",
}
OGP_SUBTITLE: Texts = {
    "ro": "Angajamente concrete pentru transparență, participare și integritate",
    "pl": "Konkretne zobowiązania na rzecz przejrzystości, partycypacji i uczciwości",
    "en": "Concrete commitments for transparency, participation and integrity",
}
OGP_DESCRIPTION: Texts = {
    "ro": (
        "Timișoara elaborează, împreună cu societatea civilă, primul său **plan de acțiune "
        "local** în cadrul Parteneriatului pentru Guvernare Deschisă (OGP Local).\n\n"
        "Planul va cuprinde între 3 și 5 angajamente, fiecare cu o instituție responsabilă, "
        "termene și indicatori verificabili. Propunerile se adună în cartiere, se discută în "
        "grupul de lucru local și se supun consultării publice conform Legii nr. 52/2003."
    ),
    "pl": (
        "Timișoara przygotowuje wspólnie z organizacjami społecznymi swój pierwszy **lokalny "
        "plan działania** w ramach Partnerstwa na rzecz Otwartych Rządów (OGP Local).\n\n"
        "Plan obejmie od 3 do 5 zobowiązań, każde z odpowiedzialną instytucją, terminami i "
        "mierzalnymi wskaźnikami."
    ),
    "en": (
        "Timișoara is drafting, together with civil society, its first **local action plan** "
        "in the Open Government Partnership (OGP Local).\n\n"
        "The plan will hold 3 to 5 commitments, each with a responsible institution, deadlines "
        "and verifiable indicators. Ideas are gathered in the neighbourhoods, discussed in the "
        "local working group and put to public consultation under Law 52/2003."
    ),
}
# (title, description, start offset, end offset, comments enabled) — offsets in days from today.
OGP_PHASES: list[tuple[Texts, Texts, int, int, bool]] = [
    (
        {"ro": "Diagnoză", "pl": "Diagnoza", "en": "Diagnosis"},
        {"ro": "Analizăm datele deschise existente, sesizările și solicitările de informații "
               "publice din ultimii trei ani.",
         "pl": "Analizujemy otwarte dane, zgłoszenia i wnioski o informację publiczną.",
         "en": "We analyse existing open data, complaints and freedom-of-information "
               "requests from the last three years."},
        -60, -31, False,
    ),
    (
        {"ro": "Co-creare", "pl": "Współtworzenie", "en": "Co-creation"},
        {"ro": "Ateliere deschise în cele patru zone ale orașului și întâlniri ale grupului "
               "de lucru local.",
         "pl": "Otwarte warsztaty w czterech strefach miasta i spotkania grupy roboczej.",
         "en": "Open workshops in the city's four zones and meetings of the local working "
               "group."},
        -30, 14, True,
    ),
    (
        {"ro": "Consultare publică", "pl": "Konsultacje społeczne", "en": "Public consultation"},
        {"ro": "Proiectul planului este publicat pentru cel puțin 30 de zile; fiecare "
               "contribuție primește un răspuns.",
         "pl": "Projekt planu jest publikowany na co najmniej 30 dni.",
         "en": "The draft plan is published for at least 30 days; every contribution gets "
               "an answer."},
        15, 45, True,
    ),
    (
        {"ro": "Implementare și monitorizare", "pl": "Wdrażanie i monitoring",
         "en": "Implementation and monitoring"},
        {"ro": "Raportăm trimestrial stadiul fiecărui angajament.",
         "pl": "Co kwartał raportujemy postęp każdego zobowiązania.",
         "en": "We report every quarter on each commitment."},
        46, 775, False,
    ),
]
OGP_PAGES_NAME: Texts = {"ro": "Despre plan", "pl": "O planie", "en": "About the plan"}
OGP_EXTRA_PAGES: list[tuple[str, Texts, Texts]] = [
    (
        "ce-este-ogp",
        {"ro": "Ce este Parteneriatul pentru Guvernare Deschisă",
         "pl": "Czym jest Partnerstwo na rzecz Otwartych Rządów",
         "en": "What is the Open Government Partnership"},
        {
            "ro": (
                "Parteneriatul pentru Guvernare Deschisă (OGP) reunește peste 75 de țări și "
                "150 de administrații locale care se angajează, împreună cu societatea "
                "civilă, să facă guvernarea mai transparentă, mai participativă și mai "
                "responsabilă.\n\n"
                "## Ce înseamnă pentru Timișoara\n\n"
                "- un plan de acțiune pe doi ani, scris împreună cu locuitorii;\n"
                "- un grup de lucru local, cu locuri egale pentru primărie și pentru "
                "organizațiile neguvernamentale;\n"
                "- o evaluare independentă la final.\n\n"
                "Mai multe pe [opengovpartnership.org](https://www.opengovpartnership.org/).\n"
            ),
            "pl": (
                "Partnerstwo na rzecz Otwartych Rządów (OGP) skupia ponad 75 państw i 150 "
                "samorządów, które wspólnie z organizacjami społecznymi zobowiązują się do "
                "przejrzystego, partycypacyjnego i odpowiedzialnego rządzenia.\n\n"
                "Więcej na [opengovpartnership.org](https://www.opengovpartnership.org/).\n"
            ),
            "en": (
                "The Open Government Partnership (OGP) brings together more than 75 countries "
                "and 150 local governments that commit, together with civil society, to "
                "making government more transparent, participatory and accountable.\n\n"
                "## What it means for Timișoara\n\n"
                "- a two-year action plan written with residents;\n"
                "- a local working group with equal seats for the city hall and NGOs;\n"
                "- an independent assessment at the end.\n\n"
                "More at [opengovpartnership.org](https://www.opengovpartnership.org/).\n"
            ),
        },
    ),
    (
        "angajamente-propuse",
        {"ro": "Angajamente propuse", "pl": "Proponowane zobowiązania",
         "en": "Proposed commitments"},
        {
            "ro": (
                "Propunerile adunate până acum în atelierele de co-creare:\n\n"
                "| Angajament | Responsabil | Termen |\n"
                "|---|---|---|\n"
                "| Publicarea contractelor primăriei în format deschis | Direcția Achiziții "
                "| T2 2027 |\n"
                "| Buget participativ pe cartiere | Direcția Economică | T4 2027 |\n"
                "| Registru public al sesizărilor cu termene de răspuns | Direcția "
                "Comunicare | T1 2027 |\n"
                "| Date deschise despre calitatea aerului | Direcția de Mediu | T3 2027 |\n\n"
                "Lista nu este definitivă: o completăm după fiecare atelier.\n"
            ),
            "pl": (
                "Propozycje zebrane dotąd na warsztatach:\n\n"
                "- publikacja umów urzędu w otwartym formacie;\n"
                "- budżet obywatelski w dzielnicach;\n"
                "- publiczny rejestr zgłoszeń z terminami odpowiedzi;\n"
                "- otwarte dane o jakości powietrza.\n"
            ),
            "en": (
                "The ideas gathered so far in the co-creation workshops:\n\n"
                "| Commitment | Responsible | Deadline |\n"
                "|---|---|---|\n"
                "| Publish the city hall's contracts as open data | Procurement department "
                "| Q2 2027 |\n"
                "| Participatory budget per neighbourhood | Economic department | Q4 2027 |\n"
                "| Public register of complaints with answer deadlines | Communication "
                "department | Q1 2027 |\n"
                "| Open air-quality data | Environment department | Q3 2027 |\n\n"
                "The list is not final: we complete it after each workshop.\n"
            ),
        },
    ),
]

# --- The working group ----------------------------------------------------------------------------

GROUP_SLUG = "grup-lucru-guvernare-deschisa"
GROUP_TITLE: Texts = {
    "ro": "Grupul de lucru local pentru guvernare deschisă",
    "pl": "Lokalna grupa robocza ds. otwartego rządzenia",
    "en": "Local working group for open government",
}
GROUP_SUBTITLE: Texts = {
    "ro": "Primăria și societatea civilă, cu locuri egale",
    "pl": "Urząd i organizacje społeczne na równych prawach",
    "en": "City hall and civil society, with equal seats",
}
GROUP_DESCRIPTION: Texts = {
    "ro": (
        "Grupul de lucru coordonează elaborarea și monitorizarea planului de acțiune OGP. Se "
        "întrunește lunar, în ședințe publice; minutele se publică în cel mult 10 zile."
    ),
    "pl": (
        "Grupa robocza koordynuje przygotowanie i monitoring planu działania OGP. Spotyka się "
        "co miesiąc na otwartych posiedzeniach."
    ),
    "en": (
        "The working group steers the drafting and monitoring of the OGP action plan. It meets "
        "every month in public; minutes are published within 10 days."
    ),
}
# (person key, space role, position)
GROUP_MEMBERS: list[tuple[str, str, str]] = [
    ("official", SpaceMembership.Role.MANAGER, "Co-președinte (primărie)"),
    ("ngo", SpaceMembership.Role.MEMBER, "Co-președinte (societate civilă)"),
    ("manager", SpaceMembership.Role.MEMBER, "Secretar"),
    ("ngo-2", SpaceMembership.Role.MEMBER, "Reprezentant ONG"),
    ("academic", SpaceMembership.Role.MEMBER, "Reprezentant Universitatea de Vest"),
    ("district", SpaceMembership.Role.MEMBER, "Reprezentant Zona Sud"),
]

# --- Other processes, so that lists and filters have something to show -------------------------

OTHER_PROCESSES: list[dict[str, Any]] = [
    {
        "slug": "reamenajare-piata-badea-cartan",
        "title": {"ro": "Reamenajarea Pieței Badea Cârțan",
                  "pl": "Przebudowa placu Badea Cârțan",
                  "en": "Redesign of Badea Cârțan square"},
        "subtitle": {"ro": "Cum vreți să arate piața din Iosefin?",
                     "pl": "Jak ma wyglądać plac w Iosefin?",
                     "en": "What should the square in Iosefin look like?"},
        "area": "urbanism",
        "scope": "iosefin",
        "phases": [({"ro": "Idei", "pl": "Pomysły", "en": "Ideas"}, 20, 50),
                   ({"ro": "Concurs de soluții", "pl": "Konkurs", "en": "Design competition"},
                    51, 120)],
    },
    {
        "slug": "plan-mobilitate-urbana-durabila",
        "title": {"ro": "Planul de mobilitate urbană durabilă 2026-2030",
                  "pl": "Plan zrównoważonej mobilności miejskiej 2026-2030",
                  "en": "Sustainable urban mobility plan 2026-2030"},
        "subtitle": {"ro": "Consultare încheiată; raportul de sinteză este publicat.",
                     "pl": "Konsultacje zakończone; raport jest opublikowany.",
                     "en": "Consultation closed; the synthesis report is published."},
        "area": "mobility",
        "scope": "timisoara",
        "phases": [({"ro": "Consultare", "pl": "Konsultacje", "en": "Consultation"}, -150, -90),
                   ({"ro": "Raport de sinteză", "pl": "Raport", "en": "Synthesis report"},
                    -89, -60)],
    },
]


# --- Draft decisions under public consultation ---------------------------------------------------

DECISIONS_SLUG = "proiecte-de-hotarari"
DECISIONS_TITLE: Texts = {
    "ro": "Proiecte de hotărâri în consultare publică",
    "pl": "Projekty uchwał w konsultacjach",
    "en": "Draft decisions under public consultation",
}
DECISIONS_SUBTITLE: Texts = {
    "ro": "Transparență decizională: trimiteți recomandări, primiți răspuns la fiecare.",
    "pl": "Przejrzystość: zgłoś uwagi, każda otrzyma odpowiedź.",
    "en": "Decisional transparency: send recommendations, each one gets an answer.",
}


# --- Citizen proposals -------------------------------------------------------------------------

PROPOSALS_SLUG = "propuneri-cetatenesti"
PROPOSALS_TITLE: Texts = {
    "ro": "Propuneri cetățenești",
    "pl": "Propozycje mieszkańców",
    "en": "Citizen proposals",
}
PROPOSALS_SUBTITLE: Texts = {
    "ro": "Propuneți, susțineți și urmăriți răspunsul primăriei în jurnalul public.",
    "pl": "Zgłaszaj, popieraj i śledź odpowiedź miasta w publicznym dzienniku.",
    "en": "Propose, support and follow the city's answer in the public journal.",
}

# --- Participatory budget ----------------------------------------------------------------------

BUDGET_SLUG = "buget-participativ"
BUDGET_TITLE: Texts = {
    "ro": "Buget participativ 2027",
    "pl": "Budżet obywatelski 2027",
    "en": "Participatory budget 2027",
}
BUDGET_SUBTITLE: Texts = {
    "ro": "Propuneți proiecte pentru oraș și cartierul vostru, apoi votați-le.",
    "pl": "Zgłaszaj projekty dla miasta i swojej dzielnicy, a potem na nie głosuj.",
    "en": "Submit projects for the city and your district, then vote for them.",
}


def _days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


class Command(BaseCommand):
    help = ("Build (or refresh) the demo city at http://localhost:PORT (8000 unless PUBLIC_PORT "
            "or --port says otherwise), build its open-data archive and print its logins.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD,
                            help="Password of every demo person (default: %(default)s).")
        parser.add_argument("--port", default="",
                            help="Port the demo is served on (default: PUBLIC_PORT, else 8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        port = str(options.get("port") or getattr(settings, "PUBLIC_PORT", "") or DEMO_PORT)
        # The e-mails the demo sends (receipts) link to the port it is served on.
        with override_settings(PUBLIC_PORT=port):
            self._seed(options["password"], port)

    def _seed(self, password: str, port: str) -> None:
        with transaction.atomic():
            org = self._organization()
            scopes = self._scopes(org)
            areas = self._areas(org)
            people = self._people(org, password)
            self._roles(org, people, scopes, areas)
            self._ngo(org, people)
            ogp = self._ogp_process(org, people, scopes, areas)
            group = self._working_group(org, people, scopes, areas)
            self._other_processes(org, scopes, areas)
            decisions = self._decisions(org, people, scopes, areas)
        # Outside the transaction: the synthesis report is built by a background task.
        self._seed_component(decisions)
        self._seed_component(self._meetings_component(group))
        # Citizen proposals, after the consultations: one is made from a contribution.
        with transaction.atomic():
            proposals = self._proposals_component(org, people, scopes, areas)
        self._seed_component(proposals)
        # The participatory budget: its edition with submission open and six projects.
        with transaction.atomic():
            budget = self._budget_component(org, people, scopes, areas)
        self._seed_component(budget)
        # The open-data archive, so that its page offers a file from the start (once: a run
        # again changes nothing, like the rest of the demo; "Rebuild" on the page refreshes it).
        if latest_build(org) is None:
            open_data_build(organization=org, acting_user=None)
        self._print_logins(org, people, ogp, password, port)

    # --- organization, territory, departments ---------------------------------------------------

    def _organization(self) -> Organization:
        org, _created = Organization.objects.update_or_create(
            host=HOST,
            defaults={
                "name": ORG_NAME,
                "secondary_hosts": SECONDARY_HOSTS,
                "languages": ["ro", "pl", "en"],
                "default_language": "ro",
                "time_zone": "Europe/Bucharest",
                "legal_profile": legal.RO,  # the demo city is Romanian
                "accent_colour": "#1d4e89",
                "description": ORG_DESCRIPTION,
                "accessibility_statement": ACCESSIBILITY_STATEMENT,
                "privacy_policy": PRIVACY_POLICY,
            },
        )
        org.full_clean()
        return org

    def _scopes(self, org: Organization) -> dict[str, Scope]:
        scopes: dict[str, Scope] = {}
        city, _ = Scope.objects.update_or_create(
            organization=org, code="timisoara",
            defaults={"name": {"ro": "Municipiul Timișoara", "pl": "Miasto Timișoara",
                               "en": "City of Timișoara"},
                      "kind": "city", "parent": None},
        )
        scopes[city.code] = city
        for zone_code, zone_name, neighbourhoods in ZONES:
            zone, _ = Scope.objects.update_or_create(
                organization=org, code=zone_code,
                defaults={"name": zone_name, "kind": "zone", "parent": city},
            )
            scopes[zone.code] = zone
            for code, name in neighbourhoods:
                scope, _ = Scope.objects.update_or_create(
                    organization=org, code=code,
                    defaults={"name": {"ro": name, "pl": name, "en": name},
                              "kind": "neighbourhood", "parent": zone},
                )
                scopes[scope.code] = scope
        return scopes

    def _areas(self, org: Organization) -> dict[str, Area]:
        areas: dict[str, Area] = {}
        for code, name in AREAS:
            area, _ = Area.objects.update_or_create(organization=org, code=code,
                                                    defaults={"name": name})
            areas[code] = area
        return areas

    # --- people and roles ------------------------------------------------------------------------

    def _people(self, org: Organization, password: str) -> dict[str, User]:
        people: dict[str, User] = {}
        for person in PEOPLE:
            email = f"{person.key}@{EMAIL_DOMAIN}"
            values = {
                "display_name": person.display_name,
                "legal_name": person.legal_name,
                "preferred_language": person.language,
                "is_active": True,
                "deleted_at": None,
            }
            user, _ = User.objects.update_or_create(
                organization=org, email=email, defaults=values,
                create_defaults={**values, "username": f"demo-{person.key}"},
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True},
            )
            people[person.key] = user
        return people

    def _roles(self, org: Organization, people: dict[str, User], scopes: dict[str, Scope],
               areas: dict[str, Area]) -> None:
        wanted = [
            (people["administrator"], RoleKind.ADMIN, None, None),
            (people["official"], RoleKind.OFFICIAL, areas["digitalisation"], None),
            (people["district"], RoleKind.DISTRICT_REPRESENTATIVE, None, scopes["zona-sud"]),
            (people["moderator"], RoleKind.MODERATOR, None, None),
        ]
        for user, kind, area, scope in wanted:
            Role.objects.get_or_create(organization=org, user=user, kind=kind, area=area,
                                       scope=scope)

    def _ngo(self, org: Organization, people: dict[str, User]) -> UserGroup:
        values: dict[str, Any] = {
            "name": "Asociația Timișoara Civică",
            "kind": GroupKind.NGO,
            "description": (
                "Asociație fondată în 2015 pentru transparență și participare civică în "
                "Timișoara: monitorizăm ședințele Consiliului Local și organizăm ateliere "
                "de cartier."
            ),
            "website": "https://civica.example.org",
            "registration_number": "RNA 27/2015",
            "verified_by": people["administrator"],
        }
        group, _ = UserGroup.objects.update_or_create(
            organization=org, slug="asociatia-timisoara-civica", defaults=values,
            create_defaults={**values, "verified_at": timezone.now()},
        )
        if group.verified_at is None:
            group.verified_at = timezone.now()
            group.save(update_fields=["verified_at"])
        for key, role in (("ngo", GroupMembership.Role.ADMIN),
                          ("ngo-2", GroupMembership.Role.MEMBER)):
            GroupMembership.objects.update_or_create(
                group=group, user=people[key],
                defaults={"role": role, "status": GroupMembership.Status.ACCEPTED},
            )
        return group

    # --- spaces ---------------------------------------------------------------------------

    def _space(self, org: Organization, *, slug: str, kind: str, values: dict[str, Any]) -> Space:
        space, _ = Space.objects.update_or_create(
            organization=org, slug=slug,
            defaults={"kind": kind, "visibility": Visibility.PUBLIC, **values},
            create_defaults={"kind": kind, "visibility": Visibility.PUBLIC,
                             "published_at": timezone.now(), **values},
        )
        if space.published_at is None:
            space.published_at = timezone.now()
            space.save(update_fields=["published_at"])
        return space

    def _phase(self, space: Space, position: int, title: Texts, description: Texts,
               start: int, end: int) -> Phase:
        phase, _ = Phase.objects.update_or_create(
            space=space, position=position,
            defaults={"title": title, "description": description,
                      "start_date": _days(start), "end_date": _days(end)},
        )
        return phase

    def _pages_component(self, space: Space, name: Texts,
                         phase_settings: dict[str, dict[str, bool]]) -> Component:
        component = Component.objects.filter(space=space, type="pages").order_by("pk").first()
        values = {"name": name, "position": 0, "settings": {"show_table_of_contents": True},
                  "phase_settings": phase_settings}
        if component is None:
            component = Component.objects.create(space=space, type="pages",
                                                 published_at=timezone.now(), **values)
        else:
            Component.objects.filter(pk=component.pk).update(**values)
            component.refresh_from_db()
        component.space = space
        return component

    def _page(self, component: Component, acting_user: User, slug: str, title: Texts,
              body: Texts) -> None:
        page = Page.objects.filter(component=component, slug=slug).first()
        if page is None:
            page_create(acting_user=acting_user, component=component, title=title, body=body,
                        slug=slug)
        else:
            page.component = component
            page_update(acting_user=acting_user, page=page, title=title, body=body)

    def _ogp_process(self, org: Organization, people: dict[str, User],
                     scopes: dict[str, Scope], areas: dict[str, Area]) -> Space:
        space = self._space(org, slug=OGP_SLUG, kind=SpaceKind.PROCESS, values={
            "title": OGP_TITLE, "subtitle": OGP_SUBTITLE, "description": OGP_DESCRIPTION,
            "scope": scopes["timisoara"], "area": areas["digitalisation"],
            "active_phase_manual": None,
        })
        phase_settings: dict[str, dict[str, bool]] = {}
        for position, (title, description, start, end, comments) in enumerate(OGP_PHASES):
            phase = self._phase(space, position, title, description, start, end)
            phase_settings[str(phase.pk)] = {"comments_enabled": comments}
        component = self._pages_component(space, OGP_PAGES_NAME, phase_settings)
        spec = get_spec("pages")
        if spec is not None and spec.seeds is not None:
            spec.seeds(component)
        for slug, title, body in OGP_EXTRA_PAGES:
            self._page(component, people["manager"], slug, title, body)
        SpaceMembership.objects.update_or_create(
            space=space, user=people["manager"],
            defaults={"role": SpaceMembership.Role.MANAGER, "position": "Coordonator proces",
                      "is_public": True},
        )
        return space

    def _working_group(self, org: Organization, people: dict[str, User],
                       scopes: dict[str, Scope], areas: dict[str, Area]) -> Space:
        space = self._space(org, slug=GROUP_SLUG, kind=SpaceKind.ASSEMBLY, values={
            "title": GROUP_TITLE, "subtitle": GROUP_SUBTITLE, "description": GROUP_DESCRIPTION,
            "scope": scopes["timisoara"], "area": areas["digitalisation"],
        })
        for key, role, position in GROUP_MEMBERS:
            SpaceMembership.objects.update_or_create(
                space=space, user=people[key],
                defaults={"role": role, "position": position, "is_public": True},
            )
        component = self._pages_component(
            space, {"ro": "Regulament", "pl": "Regulamin", "en": "Rules"}, {},
        )
        self._page(component, people["official"], "regulament-de-functionare",
                   {"ro": "Regulamentul de funcționare", "pl": "Regulamin działania",
                    "en": "Rules of procedure"},
                   {"ro": "1. Grupul are 12 membri: 6 din primărie și 6 din societatea civilă.\n"
                          "2. Ședințele sunt publice și se anunță cu 7 zile înainte.\n"
                          "3. Deciziile se iau prin consens; altfel, cu majoritate de două "
                          "treimi.\n",
                    "pl": "1. Grupa liczy 12 członków: 6 z urzędu i 6 z organizacji.\n"
                          "2. Posiedzenia są jawne i zapowiadane 7 dni wcześniej.\n",
                    "en": "1. The group has 12 members: 6 from the city hall and 6 from civil "
                          "society.\n"
                          "2. Meetings are public and announced 7 days ahead.\n"
                          "3. Decisions are taken by consensus, otherwise by a two-thirds "
                          "majority.\n"})
        return space

    def _other_processes(self, org: Organization, scopes: dict[str, Scope],
                         areas: dict[str, Area]) -> None:
        for data in OTHER_PROCESSES:
            space = self._space(org, slug=data["slug"], kind=SpaceKind.PROCESS, values={
                "title": data["title"], "subtitle": data["subtitle"],
                "scope": scopes[data["scope"]], "area": areas[data["area"]],
            })
            for position, (title, start, end) in enumerate(data["phases"]):
                self._phase(space, position, title, {}, start, end)

    def _decisions(self, org: Organization, people: dict[str, User],
                   scopes: dict[str, Scope], areas: dict[str, Area]) -> Component:
        """The space of draft decisions under consultation (Law 52/2003), run by the manager."""
        space = self._space(org, slug=DECISIONS_SLUG, kind=SpaceKind.PROCESS, values={
            "title": DECISIONS_TITLE, "subtitle": DECISIONS_SUBTITLE,
            "scope": scopes["timisoara"], "area": areas["urbanism"],
            "active_phase_manual": None,
        })
        phase = self._phase(space, 0, {"ro": "Consultări publice", "pl": "Konsultacje",
                                       "en": "Public consultations"}, {}, -365, 365)
        SpaceMembership.objects.update_or_create(
            space=space, user=people["manager"],
            defaults={"role": SpaceMembership.Role.MANAGER,
                      "position": "Responsabil relația cu societatea civilă",
                      "is_public": True},
        )
        component = Component.objects.filter(space=space, type="consultations").first()
        if component is None:
            component = Component.objects.create(
                space=space, type="consultations", published_at=timezone.now(),
                name={"ro": "Consultări publice", "pl": "Konsultacje społeczne",
                      "en": "Public consultations"},
                phase_settings={str(phase.pk): {"contributions_enabled": True}},
            )
        return component

    def _meetings_component(self, space: Space) -> Component:
        """The working group's meetings (its monthly series, sessions, a seat draw)."""
        component = Component.objects.filter(space=space, type="meetings").first()
        if component is None:
            component = Component.objects.create(
                space=space, type="meetings", published_at=timezone.now(), position=1,
                name={"ro": "Ședințe și întâlniri", "pl": "Posiedzenia i spotkania",
                      "en": "Meetings"})
        component.space = space
        return component

    def _proposals_component(self, org: Organization, people: dict[str, User],
                             scopes: dict[str, Scope], areas: dict[str, Area]) -> Component:
        """A process of citizen proposals, open all year, run by the space manager."""
        space = self._space(org, slug=PROPOSALS_SLUG, kind=SpaceKind.PROCESS, values={
            "title": PROPOSALS_TITLE, "subtitle": PROPOSALS_SUBTITLE,
            "scope": scopes["timisoara"], "area": areas["urbanism"],
            "active_phase_manual": None,
        })
        phase = self._phase(space, 0, {"ro": "Propuneri și susțineri", "pl": "Propozycje i "
                                       "poparcie", "en": "Proposals and supports"},
                            {}, -120, 240)
        SpaceMembership.objects.update_or_create(
            space=space, user=people["manager"],
            defaults={"role": SpaceMembership.Role.MANAGER, "position": "Coordonator propuneri",
                      "is_public": True},
        )
        component = Component.objects.filter(space=space, type="proposals").first()
        if component is None:
            component = Component.objects.create(
                space=space, type="proposals", published_at=timezone.now(),
                name={"ro": "Propuneri cetățenești", "pl": "Propozycje mieszkańców",
                      "en": "Citizen proposals"},
                phase_settings={str(phase.pk): {"creation_enabled": True,
                                                "supports_enabled": True,
                                                "comments_enabled": True}},
            )
        component.space = space
        return component

    def _budget_component(self, org: Organization, people: dict[str, User],
                          scopes: dict[str, Scope], areas: dict[str, Area]) -> Component:
        """A process of the participatory budget, run by the space manager (the edition, its
        pools and projects come from the component's seeds)."""
        space = self._space(org, slug=BUDGET_SLUG, kind=SpaceKind.PROCESS, values={
            "title": BUDGET_TITLE, "subtitle": BUDGET_SUBTITLE,
            "scope": scopes["timisoara"], "area": areas["urbanism"],
            "active_phase_manual": None,
        })
        self._phase(space, 0, {"ro": "Buget participativ", "pl": "Budżet obywatelski",
                               "en": "Participatory budget"}, {}, -30, 330)
        SpaceMembership.objects.update_or_create(
            space=space, user=people["manager"],
            defaults={"role": SpaceMembership.Role.MANAGER, "position": "Coordonator buget",
                      "is_public": True},
        )
        component = Component.objects.filter(space=space, type="budgets").first()
        if component is None:
            component = Component.objects.create(
                space=space, type="budgets", published_at=timezone.now(),
                name={"ro": "Buget participativ", "pl": "Budżet obywatelski",
                      "en": "Participatory budget"})
        component.space = space
        return component

    def _seed_component(self, component: Component) -> None:
        spec = get_spec(component.type)
        if spec is not None and spec.seeds is not None:
            spec.seeds(component)

    # --- output ---------------------------------------------------------------------------

    def _print_logins(self, org: Organization, people: dict[str, User], ogp: Space,
                      password: str, port: str) -> None:
        active = ogp.active_phase()
        self.stdout.write(self.style.SUCCESS(f"Demo city ready: {org.name}"))
        self.stdout.write(f"  Open http://{HOST}:{port}/ (or http://{SECONDARY_HOSTS[0]}:{port}/)")
        self.stdout.write(f"  Open data: http://{HOST}:{port}{reverse('opendata:index')}")
        if active is not None:
            self.stdout.write(f"  Active phase of the OGP plan: {active.title.get('en')}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {password}):")
        for person in PEOPLE:
            if person.label:
                self.stdout.write(f"  {person.label:<42} {people[person.key].email}")
