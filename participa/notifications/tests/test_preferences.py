from __future__ import annotations


def test_it_lets_people_subscribe_to_the_newsletter(client_for, resident):
    client = client_for(resident)
    html = client.get("/account/").content.decode()
    assert "Send me the newsletter" in html
    assert "arrive with a later release" not in html
    client.post("/account/notifications/", {"notifications-email_frequency": "weekly",
                                            "notifications-newsletter": "on"})
    resident.refresh_from_db()
    assert resident.notification_preferences == {"email_frequency": "weekly",
                                                 "newsletter": True}
    client.post("/account/notifications/", {"notifications-email_frequency": "weekly"})
    resident.refresh_from_db()
    assert resident.notification_preferences["newsletter"] is False
