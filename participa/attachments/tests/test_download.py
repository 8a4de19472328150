import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participa.attachments import services
from participa.attachments.models import Attachment
from participa.components.pages.tests.conftest import make_component, make_page, make_space
from participa.conftest import make_user
from participa.spaces.models import SpaceMembership, Visibility

from .samples import SAMPLES, pdf_bytes, png_bytes


def attach(target, name, data, user=None, title=None):
    return services.attachment_create(
        acting_user=user, target=target, file=SimpleUploadedFile(name, data), file_name=name,
        size=len(data), title=title or {},
    )


def body(response):
    return b"".join(response.streaming_content)


def test_it_serves_documents_as_downloads_with_safe_headers(client_for, two_pages):
    attachment = attach(two_pages[0], "Hotărâre ședință \"final\".pdf", pdf_bytes())
    response = client_for(None).get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # Non-ASCII names are percent-encoded (RFC 5987); the quote is gone from the stored name.
    assert "filename*=utf-8''Hot%C4%83r%C3%A2re%20%C8%99edin%C8%9B%C4%83%20_final_.pdf" \
        in disposition
    assert body(response) == pdf_bytes()


def test_it_serves_csv_as_a_download_never_as_html(client_for, two_pages):
    attachment = attach(two_pages[0], "data.csv", SAMPLES["csv"][1]())
    response = client_for(None).get(attachment.get_absolute_url())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_it_shows_images_inline(client_for, two_pages):
    attachment = attach(two_pages[0], "map.png", png_bytes())
    response = client_for(None).get(attachment.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_needs_permission_for_members_only_spaces(client_for, org, resident, moderator):
    private = make_space(org, slug="council", visibility=Visibility.MEMBERS)
    member = make_user(org, "member")
    SpaceMembership.objects.create(space=private, user=member)
    attachment = attach(private, "minutes.pdf", pdf_bytes())
    url = attachment.get_absolute_url()
    assert client_for(None).get(url).status_code == 404
    assert client_for(resident).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 200
    assert client_for(moderator).get(url).status_code == 200


def test_it_hides_attachments_of_unpublished_spaces_and_components(client_for, org, space,
                                                                   resident, manager):
    draft = make_space(org, slug="draft", published=False)
    in_draft_space = attach(draft, "draft.pdf", pdf_bytes())
    hidden_component = make_component(space, published=False)
    in_hidden_component = attach(make_page(hidden_component, "soon", "Soon"), "soon.pdf",
                                 pdf_bytes())
    for attachment in (in_draft_space, in_hidden_component):
        assert client_for(None).get(attachment.get_absolute_url()).status_code == 404
        assert client_for(resident).get(attachment.get_absolute_url()).status_code == 404
    assert client_for(manager).get(in_hidden_component.get_absolute_url()).status_code == 200


def test_it_never_serves_another_organizations_attachments(client_for, two_pages, other_org,
                                                           outsider):
    attachment = attach(two_pages[0], "a.pdf", pdf_bytes())
    assert client_for(None, host="other.test").get(attachment.get_absolute_url()).status_code \
        == 404
    assert client_for(outsider, host="other.test").get(
        attachment.get_absolute_url()).status_code == 404


def test_it_lists_attachments_on_the_page_with_title_type_and_size(client_for, two_pages):
    page = two_pages[0]
    attach(page, "hotarare.pdf", pdf_bytes(), title={"en": "Council decision"})
    attach(page, "map.png", png_bytes())
    html = client_for(None).get(page.get_absolute_url()).content.decode()
    assert "Council decision" in html
    assert "PDF document" in html
    assert f"{len(pdf_bytes())}\xa0bytes" in html
    assert "PNG image" in html
    assert "Manage documents" not in html


def test_it_lists_space_attachments_on_the_space_page_and_links_staff_to_manage(
        client_for, space, manager):
    attach(space, "programme.odt", SAMPLES["odt"][1](), title={"en": "Programme"})
    assert "Programme" in client_for(None).get(space.get_absolute_url()).content.decode()
    html = client_for(manager).get(space.get_absolute_url()).content.decode()
    assert f"/attachments/manage/spaces.space/{space.pk}/" in html


def test_it_lists_attachments_with_a_fixed_number_of_queries(client_for, two_pages):
    page = two_pages[0]
    client = client_for(None)
    attach(page, "a.pdf", pdf_bytes())
    client.get(page.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(page.get_absolute_url())
    for number in range(5):
        attach(page, f"b{number}.pdf", pdf_bytes())
    with CaptureQueriesContext(connection) as six:
        response = client.get(page.get_absolute_url())
    assert response.content.decode().count("/download/") == 6
    assert len(one.captured_queries) == len(six.captured_queries)


def test_it_removes_attachments_with_their_page(admin, two_pages):
    from participa.components.pages import services as page_services

    attach(two_pages[0], "a.pdf", pdf_bytes())
    page_services.page_delete(acting_user=admin, page=two_pages[0])
    assert not Attachment.objects.exists()


def test_it_keeps_the_stored_image_free_of_metadata_when_served(client_for, two_pages):
    from PIL import Image

    attachment = attach(two_pages[0], "photo.jpeg", SAMPLES["jpeg"][1]())
    served = body(client_for(None).get(attachment.get_absolute_url()))
    assert not Image.open(io.BytesIO(served)).getexif().get_ifd(0x8825)


def test_it_stores_files_outside_the_public_media_folder_under_a_random_name(settings,
                                                                             two_pages):
    from pathlib import Path

    attachment = attach(two_pages[0], "secret minutes.pdf", pdf_bytes())
    path = Path(attachment.file.path)
    assert path.is_file()
    assert Path(settings.ATTACHMENT_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert "secret" not in path.name
    assert path.suffix == ".pdf"
