"""The synthesis report: its contents, the files built in the background, and privacy."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    Channel,
    Consultation,
    ConsultationState,
    Publication,
    ReportState,
    SynthesisReport,
)
from participa.components.consultations.services.reports import (
    report_build,
    report_file,
    report_publish,
    report_request,
)
from participa.components.consultations.tests.conftest import make_contribution
from participa.core.models import User


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "private"


def answer(target: Any, *, outcome: str, justification: str = "", drafted_by: User,
           reviewed_by: User | None = None, published: bool = True) -> Answer:
    consultation = target.consultation
    values: dict[str, Any] = {"contribution": target} if hasattr(target, "number") else {
        "campaign": target}
    state = AnswerState.PUBLISHED if published else AnswerState.DRAFT
    return Answer.objects.create(
        consultation=consultation, outcome=outcome, justification=justification,
        drafted_by=drafted_by, state=state,
        reviewed_by=reviewed_by if published else None,
        reviewed_at=timezone.now() if published else None,
        published_at=timezone.now() if published else None, **values,
    )


def close_final(consultation: Consultation) -> None:
    consultation.state = ConsultationState.FINAL
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["state", "closed_at"])


def read(report: SynthesisReport, fmt: str) -> bytes:
    handle = report_file(report, fmt)
    assert handle is not None, fmt
    with handle:
        return handle.read()


@pytest.fixture
def seeded(consultation: Consultation, articles: Any, resident: User, manager: User,
           second_official: User) -> dict[str, Any]:
    """Five contributions and a campaign of three, with answers of every kind."""
    rejected = make_contribution(
        consultation, author=resident, article=articles[1],
        body="Taxa de parcare să fie redusă la 3 lei; ștergeți tariful de noapte.")
    answer(rejected, outcome="rejected", drafted_by=manager, reviewed_by=second_official,
           justification="Respinsă: bugetul local nu permite scăderea tarifului în 2026.")
    anonymous = make_contribution(
        consultation, channel=Channel.EMAIL, author_name="Maria Zielińska",
        publication=Publication.ANONYMOUS, body="Proszę o więcej miejsc dla rowerów, łóżko żółw.")
    answer(anonymous, outcome="accepted", drafted_by=manager, reviewed_by=second_official)
    hidden = make_contribution(
        consultation, channel=Channel.POST, author_name="Gheorghe Secret",
        publication=Publication.NOT_PUBLISHED, body="Textul secret nepublicat al lui Gheorghe.")
    answer(hidden, outcome="partial", drafted_by=manager, reviewed_by=second_official,
           justification="Parțial admisă.")
    draft = make_contribution(consultation, channel=Channel.IN_PERSON, author_name="Ana Pop",
                              body="Program de noapte gratuit.")
    answer(draft, outcome="rejected", drafted_by=manager, published=False,
           justification="Draft justification not yet published.")
    campaign = Campaign.objects.create(consultation=consultation, label="Save the park")
    members = [make_contribution(consultation, author_name=f"Signer {n}", channel=Channel.EMAIL,
                                 campaign=campaign, body="Păstrați parcul central!")
               for n in range(3)]
    answer(campaign, outcome="out_of_scope", drafted_by=manager, reviewed_by=second_official,
           justification="Noted for the action plan of parks.")
    return {"rejected": rejected, "anonymous": anonymous, "hidden": hidden, "draft": draft,
            "campaign": campaign, "members": members}


def build(consultation: Consultation, user: User, *, final: bool,
          django_capture_on_commit_callbacks: Any) -> SynthesisReport:
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(acting_user=user, consultation=consultation, final=final)
    report.refresh_from_db()
    return report


def test_it_builds_every_file_with_progress(consultation: Consultation, seeded: Any,
                                           manager: User,
                                           django_capture_on_commit_callbacks: Any) -> None:
    report = build(consultation, manager, final=False,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert report.state == ReportState.DONE, report.error
    assert set(report.files) == {"html", "pdf", "xlsx", "csv"}
    # Rows: rejected, anonymous, draft (not yet answered publicly) and the campaign once.
    assert report.total == 4
    assert report.progress == report.total
    assert report.finished_at is not None
    html = read(report, "html").decode()
    assert "Respinsă: bugetul local" in html
    assert "3 signatories" in html



def test_it_shows_rejected_justifications_and_keeps_hidden_text_out(
        consultation: Consultation, seeded: Any, manager: User,
        django_capture_on_commit_callbacks: Any) -> None:
    close_final(consultation)
    report = build(consultation, manager, final=True,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert report.state == ReportState.DONE, report.error
    html = read(report, "html").decode()
    text_csv = read(report, "csv").decode("utf-8-sig")
    for content in (html, text_csv):
        assert "Respinsă: bugetul local nu permite" in content
        assert "Textul secret" not in content          # hidden: counted, never shown
        assert "Gheorghe" not in content
        assert "Maria Zielińska" not in content        # anonymous: no name
        assert "Anonymous contributor" in content
        assert "Draft justification" not in content    # unpublished answer: absent
        assert "example.org" not in content            # no e-mail address
    # The hidden contribution still counts: 7 received, 5 positions (campaign of 3 once).
    assert "7 contributions received" in html
    assert "forming 5 distinct positions" in html
    assert "1 contribution whose author asked not to publish it" in html


def test_a_working_report_marks_draft_answers(consultation: Consultation, seeded: Any,
                                             manager: User,
                                             django_capture_on_commit_callbacks: Any) -> None:
    report = build(consultation, manager, final=False,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    html = read(report, "html").decode()
    assert "Draft justification not yet published." in html
    assert "draft answer, not published" in html


def test_the_csv_has_a_bom_and_one_row_per_position(
        consultation: Consultation, seeded: Any, manager: User,
        django_capture_on_commit_callbacks: Any) -> None:
    close_final(consultation)
    report = build(consultation, manager, final=True,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    raw = read(report, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Number"
    numbers = [row[0] for row in rows[1:]]
    campaign_first = str(seeded["members"][0].number)
    assert numbers == [str(seeded["rejected"].number), str(seeded["anonymous"].number),
                       str(seeded["draft"].number), campaign_first]
    campaign_row = rows[-1]
    assert campaign_row[6] == "3 signatories"
    assert campaign_row[7] == "3"
    assert campaign_row[9] == "Out of scope (noted for the action plan)"


def test_the_xlsx_holds_the_table_and_the_statistics(
        consultation: Consultation, seeded: Any, manager: User,
        django_capture_on_commit_callbacks: Any) -> None:
    from openpyxl import load_workbook

    close_final(consultation)
    report = build(consultation, manager, final=True,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    workbook = load_workbook(io.BytesIO(read(report, "xlsx")), read_only=True)
    table = list(workbook["Contributions"].iter_rows(values_only=True))
    assert table[0][0] == "Number"
    assert table[1][8] == "Taxa de parcare să fie redusă la 3 lei; ștergeți tariful de noapte."
    assert table[1][10].startswith("Respinsă")
    stats = dict(workbook["Statistics"].iter_rows(values_only=True))
    assert stats["Contributions received"] == 7
    assert stats["Campaigns"] == 1
    assert stats["Outcome: Not accepted"] == 1
    assert stats["Outcome: Out of scope (noted for the action plan)"] == 1
    everything = repr(table) + repr(stats)
    assert "Textul secret" not in everything and "Maria Zielińska" not in everything


def test_the_pdf_is_tagged_and_its_text_keeps_the_diacritics(
        consultation: Consultation, seeded: Any, manager: User,
        django_capture_on_commit_callbacks: Any) -> None:
    from pypdf import PdfReader

    close_final(consultation)
    report = build(consultation, manager, final=True,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(read(report, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for letter in ("ă", "ș", "ț", "ł", "ż"):
        assert letter in text, letter
    assert "Respinsă: bugetul local" in text
    assert "Textul secret" not in text
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert "Page 1" in reader.pages[0].extract_text()


def test_the_pdf_table_is_split_in_sections_with_continuous_page_numbers(
        consultation: Consultation, manager: User) -> None:
    from pypdf import PdfReader

    for n in range(12):
        make_contribution(consultation, author_name=f"Person {n}", channel=Channel.POST,
                          body=f"Observația numărul {n}, cu diacritice: ăîșțâ. " * 8)
    report = SynthesisReport.objects.create(consultation=consultation, language="en",
                                            requested_by=manager)
    report = report_build(report_id=report.pk, chunk_size=5)
    assert report.state == ReportState.DONE, report.error
    assert (report.progress, report.total) == (12, 12)
    reader = PdfReader(io.BytesIO(read(report, "pdf")))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number}" in text
    body = "\n".join(pages)
    for n in range(12):
        assert f"numărul {n}," in body


def test_a_failure_is_recorded_on_the_report(consultation: Consultation, manager: User,
                                            monkeypatch: Any) -> None:
    from participa.components.consultations import report_render

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(report_render, "write_report", broken)
    report = SynthesisReport.objects.create(consultation=consultation, language="en",
                                            requested_by=manager)
    report = report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert "disk full" in report.error


def test_only_one_report_is_built_at_a_time(consultation: Consultation,
                                           manager: User) -> None:
    report_request(acting_user=manager, consultation=consultation, final=False)
    with pytest.raises(ValidationError, match="already being built"):
        report_request(acting_user=manager, consultation=consultation, final=False)


def test_the_final_report_waits_for_the_closing(consultation: Consultation,
                                               manager: User) -> None:
    with pytest.raises(ValidationError, match="closed as final"):
        report_request(acting_user=manager, consultation=consultation, final=True)


def test_outsiders_and_residents_cannot_request_or_publish(
        consultation: Consultation, resident: User, outsider: User, manager: User,
        django_capture_on_commit_callbacks: Any) -> None:
    for user in (resident, outsider):
        with pytest.raises(PermissionDenied):
            report_request(acting_user=user, consultation=consultation, final=False)
    close_final(consultation)
    report = build(consultation, manager, final=True,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    for user in (resident, outsider):
        with pytest.raises(PermissionDenied):
            report_publish(acting_user=user, report=report)


def test_publishing_the_final_report_sets_dates_and_tells_followers(
        consultation: Consultation, seeded: Any, manager: User, resident: User,
        django_capture_on_commit_callbacks: Any) -> None:
    from participa.notifications.models import Notification
    from participa.notifications.services import follow_create

    follow_create(user=resident, target=consultation)
    working = build(consultation, manager, final=False,
                    django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="Only the final report"):
        report_publish(acting_user=manager, report=working)
    close_final(consultation)
    final = build(consultation, manager, final=True,
                  django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    report_publish(acting_user=manager, report=final)
    final.refresh_from_db()
    consultation.refresh_from_db()
    assert final.published_at is not None
    assert consultation.report_published_at == final.published_at
    assert Notification.objects.filter(recipient=resident,
                                       event="consultation.report_published").exists()
    with pytest.raises(ValidationError, match="already published"):
        report_publish(acting_user=manager, report=final)


def test_it_lists_the_changes_between_draft_and_final_text(
        consultation: Consultation, articles: Any, manager: User) -> None:
    from participa.components.consultations.models import (
        Article,
        ArticleChange,
        DraftVersion,
        VersionKind,
    )

    cause = make_contribution(consultation, channel=Channel.EMAIL, body="Reduceți taxa.")
    final = DraftVersion.objects.create(consultation=consultation, number=2,
                                        kind=VersionKind.FINAL)
    for position, article in enumerate(articles):
        body = "Parking costs 3 lei per hour." if article.key == "art-2" else article.body
        Article.objects.create(version=final, key=article.key, number=article.number,
                               heading=article.heading, body=body, position=position)
    change = ArticleChange.objects.create(version=final, article_key="art-2",
                                          note="Fee lowered after the consultation.")
    change.contributions.add(cause)
    report = SynthesisReport.objects.create(consultation=consultation, language="en",
                                            requested_by=manager)
    report = report_build(report_id=report.pk)
    html = read(report, "html").decode()
    section = html[html.index("Changes between the draft and the final text"):]
    assert "Art. 2" in section
    assert "Changed" in section
    assert "Fee lowered after the consultation." in section
    assert f"<td>{cause.number}</td>" in section


def test_personal_data_of_the_original_text_is_in_no_file(
        consultation: Consultation, manager: User,
        django_capture_on_commit_callbacks: Any) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from participa.redaction.engine import redact_for

    name, email = "Ion Vasilescu", "ion.vasilescu.secret@example.net"
    original = f"Mă numesc {name}, e-mail {email}. Propun piste de biciclete pe strada Mare."
    contribution = make_contribution(consultation, channel=Channel.EMAIL, author_email=email,
                                     author_name="Asociația Velo", body=original)
    contribution.body_redacted = redact_for(consultation.organization, original,
                                            names=[name]).text
    contribution.save(update_fields=["body_redacted"])
    report = build(consultation, manager, final=False,
                   django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    workbook = load_workbook(io.BytesIO(read(report, "xlsx")), read_only=True)
    texts = [
        read(report, "html").decode(), read(report, "csv").decode("utf-8-sig"),
        repr([list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]),
        "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(read(report, "pdf"))).pages),
    ]
    for text in texts:
        text = " ".join(text.split())  # the PDF breaks lines inside table cells
        assert "piste de biciclete" in text
        assert "Vasilescu" not in text and email not in text and "secret@" not in text


def _struct_elements(tree: Any) -> list[Any]:
    """Every structure element under a structure tree root (depth first)."""
    import pikepdf

    found: list[Any] = []
    todo = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
    while todo:
        element = todo.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        found.append(element)
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            todo.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            todo.append(kids)
    return found


def test_the_pdf_written_in_chunks_is_one_tagged_document(
        consultation: Consultation, manager: User, monkeypatch: Any) -> None:
    """Each chunk is laid out and written alone, then the files are joined: the result has one
    structure tree whose tags reach every page, one parent tree with distinct keys, one
    outline with every section, continuous page numbers and labels, the PDF/UA identifier."""
    import pikepdf
    from pypdf import PdfReader

    for n in range(23):
        make_contribution(consultation, author_name=f"Person {n}", channel=Channel.POST,
                          body=f"Observația numărul {n}, cu diacritice: ăîșțâ łóżź. " * 9)
    from weasyprint.document import Document

    written: list[int] = []
    write_pdf = Document.write_pdf

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        written.append(len(self.pages))
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(Document, "write_pdf", spy)
    report = SynthesisReport.objects.create(consultation=consultation, language="en",
                                            requested_by=manager)
    report = report_build(report_id=report.pk, chunk_size=4)
    assert report.state == ReportState.DONE, report.error
    raw = read(report, "pdf")
    # Six chunks of at most four rows, each written as soon as it is laid out.
    assert len(written) == 6

    reader = PdfReader(io.BytesIO(raw))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == sum(written)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number}" in text
    body = "\n".join(texts)
    for n in range(23):
        assert f"numărul {n}, cu diacritice: ăîșțâ łóżź" in body
    assert reader.page_labels == [str(n) for n in range(1, len(texts) + 1)]
    outline: Any = reader.outline
    assert len(outline) == 2  # the title, then its sections nested under it
    assert outline[0].title.startswith("Synthesis report")
    sections = [item.title for item in outline[1]]
    # The order of Law 52/2003 (the consultation's legal profile).
    assert sections == ["The draft decision", "Procedure", "Recommendations and answers",
                        "Statistics", "Public debates",
                        "Changes between the draft and the final text"]
    assert reader.get_destination_page_number(outline[1][-1]) == len(texts) - 1

    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf finds the file sound (xref, streams)
        root = pdf.Root
        assert str(root.Lang) == "en"
        assert bool(root.MarkInfo.Marked)
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
        tree = root.StructTreeRoot
        assert len(tree.K) == 1 and tree.K[0].S == "/Document"
        elements = _struct_elements(tree)
        page_ids = [page.obj.objgen for page in pdf.pages]
        tagged_pages = {element.Pg.objgen for element in elements if "/Pg" in element}
        assert tagged_pages == set(page_ids)
        headings = [element for element in elements if element.S == "/H3"]
        assert len(headings) == 23
        nums = tree.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert len(keys) == len(set(keys))
        assert int(tree.ParentTreeNextKey) == max(keys) + 1
        page_keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert len(set(page_keys)) == len(page_keys) and set(page_keys) <= set(keys)
        for page in pdf.pages:
            marked = nums[keys.index(int(page.obj.StructParents)) * 2 + 1]
            assert len(marked) > 0
            assert all(element.Pg.objgen == page.obj.objgen for element in marked)


def test_every_format_shows_the_one_build_time_never_now(
        consultation: Consultation, seeded: Any, manager: User, monkeypatch: Any) -> None:
    """The build time is recorded once; HTML, PDF (text and metadata), XLSX and CSV show that
    time even though the clock moves on while the files are written."""
    import datetime

    import pikepdf
    from django.utils import timezone as tz
    from django.utils.formats import date_format
    from openpyxl import load_workbook
    from pypdf import PdfReader

    close_final(consultation)
    report = SynthesisReport.objects.create(consultation=consultation, is_final=True,
                                            language="en", requested_by=manager)
    start = datetime.datetime(2026, 3, 2, 8, 15, tzinfo=datetime.UTC)
    calls: list[datetime.datetime] = []

    def clock() -> datetime.datetime:  # two hours later at every call
        calls.append(start + datetime.timedelta(hours=2 * len(calls)))
        return calls[-1]

    monkeypatch.setattr(tz, "now", clock)
    report = report_build(report_id=report.pk)
    monkeypatch.undo()
    assert report.state == ReportState.DONE, report.error
    report.refresh_from_db()
    assert report.built_at == calls[0]
    assert report.finished_at is not None and report.finished_at > report.built_at
    # The organization's time zone (Europe/Bucharest, UTC+2 in March).
    local = report.built_at.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    with tz.override("Europe/Bucharest"):
        shown = date_format(tz.localtime(report.built_at), "SHORT_DATETIME_FORMAT")
    others = [date_format(moment.astimezone(local.tzinfo), "SHORT_DATETIME_FORMAT")
              for moment in calls if moment != report.built_at]

    html = read(report, "html").decode()
    assert f"Built on {shown}" in html
    assert f'<meta name="dcterms.created" content="{local.isoformat()}">' in html
    assert not any(f"Built on {other}" in html for other in others)

    raw = read(report, "pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    assert f"Built on {shown}" in " ".join(text.split())
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        stamp = local.strftime("%Y%m%d%H%M%S")
        assert str(pdf.docinfo["/CreationDate"]).startswith(f"D:{stamp}")
        assert str(pdf.docinfo["/ModDate"]).startswith(f"D:{stamp}")
        with pdf.open_metadata() as meta:
            assert meta["xmp:CreateDate"] == local.isoformat()

    workbook = load_workbook(io.BytesIO(read(report, "xlsx")), read_only=True)
    built_utc = report.built_at.astimezone(datetime.UTC).replace(tzinfo=None)
    assert workbook.properties.created == built_utc
    assert workbook.properties.modified == built_utc
    stats = dict(workbook["Statistics"].iter_rows(values_only=True))
    assert stats["Report built on"] == local.replace(tzinfo=None)

    rows = list(csv.reader(io.StringIO(read(report, "csv").decode("utf-8-sig"))))
    assert rows[0][-1] == "Report built on"
    assert {row[-1] for row in rows[1:]} == {local.isoformat()}


def test_the_database_keeps_one_build_at_a_time(consultation: Consultation,
                                                manager: User) -> None:
    from django.db import IntegrityError, transaction

    SynthesisReport.objects.create(consultation=consultation, language="en",
                                   state=ReportState.RUNNING, requested_by=manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        SynthesisReport.objects.create(consultation=consultation, language="en",
                                       state=ReportState.QUEUED, requested_by=manager)
    # Finished ones do not count.
    SynthesisReport.objects.create(consultation=consultation, language="en",
                                   state=ReportState.DONE, requested_by=manager)


def test_a_request_racing_past_the_check_gets_the_message_not_an_error(
        consultation: Consultation, manager: User, monkeypatch: Any) -> None:
    """The second of two parallel requests may not see the first one's report yet: the
    database refuses its row, and the official reads why."""
    from participa.components.consultations.services import reports

    report_request(acting_user=manager, consultation=consultation, final=False)
    monkeypatch.setattr(reports, "active_report", lambda consultation: None)
    with pytest.raises(ValidationError, match="already being built"):
        report_request(acting_user=manager, consultation=consultation, final=False)
    assert SynthesisReport.objects.filter(consultation=consultation).count() == 1


def test_a_lost_build_no_longer_blocks_a_new_request(consultation: Consultation,
                                                    manager: User) -> None:
    import datetime

    lost = SynthesisReport.objects.create(
        consultation=consultation, language="en", state=ReportState.RUNNING,
        requested_by=manager, created_at=timezone.now() - datetime.timedelta(hours=4))
    report = report_request(acting_user=manager, consultation=consultation, final=False)
    lost.refresh_from_db()
    assert lost.state == ReportState.FAILED
    assert "stopped without finishing" in lost.error
    assert report.state == ReportState.QUEUED


def test_a_campaign_is_one_row_at_its_first_public_member(consultation: Consultation,
                                                         manager: User) -> None:
    """The campaign's row is its first contribution that may be published (here not its
    first one), with every member counted as a signatory; two campaigns stay apart."""
    from participa.components.consultations.report_data import count_rows, iter_rows

    parks = Campaign.objects.create(consultation=consultation, label="Parks")
    trams = Campaign.objects.create(consultation=consultation, label="Trams")
    make_contribution(consultation, author_name="Hidden", channel=Channel.EMAIL,
                      campaign=parks, publication=Publication.NOT_PUBLISHED,
                      body="Păstrați parcul.")
    alone = make_contribution(consultation, author_name="Alone", channel=Channel.POST,
                              body="Altceva.")
    parks_public = [make_contribution(consultation, author_name=f"P{n}", channel=Channel.EMAIL,
                                      campaign=parks, body="Păstrați parcul.")
                    for n in range(2)]
    trams_members = [make_contribution(consultation, author_name=f"T{n}",
                                       channel=Channel.EMAIL, campaign=trams,
                                       body="Mai multe tramvaie.") for n in range(4)]
    assert count_rows(consultation) == 3
    rows = [row for chunk in iter_rows(consultation, published_only=True) for row in chunk]
    assert [(row.number, row.signatories, row.is_campaign) for row in rows] == [
        (alone.number, 1, False), (parks_public[0].number, 3, True),
        (trams_members[0].number, 4, True)]
    assert rows[1].author == "3 signatories"
