import io

from django.core.files.uploadedfile import SimpleUploadedFile

from participa.attachments.models import Attachment
from participa.core.models import AuditEntry

from .samples import SAMPLES, pdf_bytes, png_bytes


def manage_url(target):
    return f"/attachments/manage/{target._meta.label_lower}/{target.pk}/"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_it_lets_space_staff_attach_a_document_to_a_page(client_for, manager, two_pages):
    page = two_pages[0]
    client = client_for(manager)
    response = client.post(manage_url(page), {"file": upload("hotarare.pdf", pdf_bytes()),
                                              "title__en": "Council decision"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.target == page
    assert attachment.space == page.component.space
    assert attachment.kind == "pdf"
    assert attachment.title == {"en": "Council decision"}
    assert AuditEntry.objects.filter(action="attachment.create", actor=manager).exists()
    page_html = client.get(response["Location"]).content.decode()
    assert "Council decision" in page_html
    assert "was attached" in page_html


def test_it_attaches_to_a_space_and_names_it_after_the_file_without_title(client_for, admin,
                                                                            space):
    response = client_for(admin).post(manage_url(space),
                                      {"file": upload("Buget 2025.csv", SAMPLES["csv"][1]())})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.target == space
    assert str(attachment) == "Buget 2025"


def test_it_refuses_a_lying_extension_with_a_clear_message_and_keeps_the_title(
        client_for, manager, two_pages):
    response = client_for(manager).post(
        manage_url(two_pages[0]),
        {"file": upload("plan.docx", png_bytes()), "title__en": "Spatial plan"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "its content is a PNG image, not a Word document (DOCX)" in html
    assert 'id="error-summary"' in html
    assert 'value="Spatial plan"' in html
    assert not Attachment.objects.exists()


def test_it_refuses_an_html_file_renamed_pdf(client_for, manager, two_pages):
    response = client_for(manager).post(
        manage_url(two_pages[0]), {"file": upload("plan.pdf", b"<html><script></script>")},
    )
    assert "its content is not a PDF document" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_refuses_files_over_the_limit(client_for, manager, two_pages, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    response = client_for(manager).post(
        manage_url(two_pages[0]), {"file": upload("big.pdf", pdf_bytes() + b"0" * 2000)},
    )
    assert "the limit is 1000\xa0bytes" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_strips_exif_and_gps_from_uploaded_photos(client_for, manager, two_pages):
    from PIL import Image

    original = SAMPLES["jpeg"][1]()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the sample has GPS
    client_for(manager).post(manage_url(two_pages[0]), {"file": upload("photo.jpg", original)})
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert image.size == (16, 12)
    assert not image.getexif()
    assert b"SpyCam" not in stored
    assert b"Exif" not in stored
    assert attachment.size == len(stored)


def test_it_hides_the_manage_page_from_residents_and_other_organizations(
        client_for, resident, outsider, two_pages):
    url = manage_url(two_pages[0])
    assert client_for(resident).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    assert client_for(outsider, host="other.test").get(url).status_code == 404
    response = client_for(resident).post(url, {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_it_answers_404_for_types_that_cannot_carry_attachments(client_for, admin, resident):
    assert client_for(admin).get(f"/attachments/manage/core.user/{resident.pk}/").status_code \
        == 404


def test_it_removes_an_attachment_and_its_file_after_confirmation(
        client_for, manager, two_pages, django_capture_on_commit_callbacks):
    page = two_pages[0]
    client = client_for(manager)
    client.post(manage_url(page), {"file": upload("a.pdf", pdf_bytes())})
    attachment = Attachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert name
    delete_url = f"/attachments/{attachment.pk}/delete/"
    confirm = client.get(delete_url)
    assert "Delete “a”?" in confirm.content.decode()
    assert Attachment.objects.exists()
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert AuditEntry.objects.filter(action="attachment.delete").exists()
    assert not storage.exists(name)


def test_it_lets_only_staff_remove_attachments(client_for, manager, resident, two_pages):
    client_for(manager).post(manage_url(two_pages[0]), {"file": upload("a.pdf", pdf_bytes())})
    attachment = Attachment.objects.get()
    assert client_for(resident).post(f"/attachments/{attachment.pk}/delete/").status_code \
        == 404
    assert Attachment.objects.exists()
