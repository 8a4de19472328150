"""Demo content: two believable pages (about the process, and how to take part)."""

from __future__ import annotations

from participa.components.pages.models import Page
from participa.components.pages.services import page_create, page_update
from participa.spaces.models import Component

ABOUT_TITLE = {
    "ro": "Despre acest proces",
    "pl": "O tym procesie",
    "en": "About this process",
}
ABOUT_BODY = {
    "ro": (
        "## De ce vă întrebăm\n\n"
        "Primăria pregătește decizia împreună cu locuitorii, asociațiile și instituțiile "
        "publice. Fiecare contribuție primește un răspuns public, iar la final publicăm un "
        "raport de sinteză.\n\n"
        "## Calendar\n\n"
        "- **Diagnoză**: adunăm problemele și datele existente.\n"
        "- **Co-creare**: ateliere deschise în fiecare cartier.\n"
        "- **Consultare**: proiectul este publicat pentru comentarii.\n"
        "- **Monitorizare**: raportăm periodic stadiul angajamentelor.\n\n"
        "Temeiul legal: Legea nr. 52/2003 privind transparența decizională în administrația "
        "publică.\n"
    ),
    "pl": (
        "## Dlaczego pytamy\n\n"
        "Urząd przygotowuje decyzję razem z mieszkańcami, organizacjami pozarządowymi i "
        "instytucjami publicznymi. Każda uwaga otrzymuje publiczną odpowiedź, a na końcu "
        "publikujemy raport podsumowujący.\n\n"
        "## Harmonogram\n\n"
        "- **Diagnoza**: zbieramy problemy i dostępne dane.\n"
        "- **Współtworzenie**: otwarte warsztaty w każdej dzielnicy.\n"
        "- **Konsultacje**: projekt zostaje opublikowany do komentowania.\n"
        "- **Monitoring**: regularnie informujemy o postępach.\n"
    ),
    "en": (
        "## Why we are asking\n\n"
        "The city hall prepares this decision together with residents, NGOs and public "
        "institutions. Every contribution gets a public answer, and a synthesis report is "
        "published at the end.\n\n"
        "## Timeline\n\n"
        "- **Diagnosis**: we gather problems and existing data.\n"
        "- **Co-creation**: open workshops in every neighbourhood.\n"
        "- **Consultation**: the draft is published for comments.\n"
        "- **Monitoring**: we report regularly on the commitments.\n"
    ),
}
HOW_TITLE = {
    "ro": "Cum puteți participa",
    "pl": "Jak wziąć udział",
    "en": "How to take part",
}
HOW_BODY = {
    "ro": (
        "Puteți participa online, pe această platformă, sau la ghișeul unic al primăriei.\n\n"
        "1. Creați un cont cu adresa de e-mail.\n"
        "2. Citiți documentele fazei active.\n"
        "3. Trimiteți propuneri și comentarii până la data de încheiere a fazei.\n\n"
        "Pentru întrebări: <participare@primaria-timisoara.example>.\n"
    ),
    "pl": (
        "Możesz wziąć udział online, na tej platformie, albo w biurze obsługi mieszkańców.\n\n"
        "1. Załóż konto za pomocą adresu e-mail.\n"
        "2. Przeczytaj dokumenty aktywnego etapu.\n"
        "3. Wyślij propozycje i komentarze przed końcem etapu.\n\n"
        "Pytania: <participare@primaria-timisoara.example>.\n"
    ),
    "en": (
        "You can take part online, on this platform, or at the city hall's one-stop desk.\n\n"
        "1. Create an account with your e-mail address.\n"
        "2. Read the documents of the current phase.\n"
        "3. Send proposals and comments before the phase ends.\n\n"
        "Questions: <participare@primaria-timisoara.example>.\n"
    ),
}

SEED_PAGES = (
    ("despre", ABOUT_TITLE, ABOUT_BODY),
    ("cum-participati", HOW_TITLE, HOW_BODY),
)


def seed(component: Component) -> None:
    """Add (or refresh) the two demo pages; running it again changes nothing."""
    languages = set(component.space.organization.languages)
    for slug, title, body in SEED_PAGES:
        title_texts = {code: text for code, text in title.items() if code in languages} or title
        body_texts = {code: text for code, text in body.items() if code in languages} or body
        existing = Page.objects.filter(component=component, slug=slug).first()
        if existing is None:
            page_create(acting_user=None, component=component, title=title_texts,
                        body=body_texts, slug=slug)
        else:
            existing.component = component
            page_update(acting_user=None, page=existing, title=title_texts, body=body_texts)
