import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from core.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_home_page_speaks_chinese_by_default(client):
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "红驿：红色驿站、志愿者与文化活动" in page
    assert "登录" in page


def test_the_home_page_speaks_english_when_asked(client):
    page = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in page
    assert "Hongyi: red stations, volunteers and cultural events" in page


def test_the_language_switch_remembers_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Log in" in client.get("/").content.decode()


def test_a_volunteer_logs_in_with_their_mobile_number(make_user):
    user = make_user(Role.VOLUNTEER, name="张小兵")
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.mobile, "password": TEST_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "欢迎，张小兵" in page
    assert "志愿者" in page


def test_a_wrong_password_says_so_in_chinese_and_keeps_the_mobile(make_user):
    user = make_user(Role.VOLUNTEER)
    response = Client().post(reverse("login"), {"username": user.mobile, "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "手机号或密码不正确" in page
    assert f'value="{user.mobile}"' in page


def test_logging_out_returns_to_the_home_page(make_user, login):
    client = login(make_user(Role.VOLUNTEER))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "登录" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("who", "visible", "hidden"),
    [
        ("volunteer", ["首页"], ["红色驿站", "队伍", "管理后台"]),
        ("manager", ["红色驿站"], ["队伍", "管理后台"]),
        ("leader", ["队伍"], ["红色驿站", "管理后台"]),
        ("township_office", ["红色驿站", "队伍"], ["管理后台"]),
        ("admin", ["红色驿站", "队伍", "管理后台"], []),
    ],
)
def test_navigation_follows_the_role(pingshan, login, who, visible, hidden):
    page = login(getattr(pingshan, who)).get("/").content.decode()
    nav = re.search(r"<nav .*?</nav>", page, re.DOTALL).group(0)
    for label in visible:
        assert label in nav
    for label in hidden:
        assert label not in nav


def test_pages_load_no_asset_from_another_host(pingshan, login):
    pages = [Client().get(reverse("login")), login(pingshan.admin).get(reverse("stations:list"))]
    pages.append(login(pingshan.admin).get("/api/docs"))
    for response in pages:
        page = response.content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert assets
        assert [a for a in assets if a.startswith(("http:", "https:", "//"))] == []


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_the_stylesheet_is_served_by_the_app_itself():
    response = Client().get("/static/css/hongyi.css")
    assert response.status_code == 200
    assert b"--red" in b"".join(response.streaming_content)


def test_the_admin_works_for_an_administrator(pingshan, login):
    client = login(pingshan.admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:core_user_changelist")).status_code == 200
    audit = client.get(reverse("admin:core_auditentry_changelist"))
    assert audit.status_code == 200


def test_the_admin_offers_no_way_to_change_the_audit_log(pingshan, login):
    from core.services import audit_log

    entry = audit_log(actor=None, action="x")
    client = login(pingshan.admin)
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    delete_url = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403


def test_the_admin_turns_away_a_volunteer(pingshan, login):
    response = login(pingshan.volunteer).get(reverse("admin:index"))
    assert response.status_code == 302


def test_production_static_files_get_hashed_names(settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Only our own files: compressing the vendored API bundles would take seconds.
    ignore = ["admin", "ninja", "django_tables2"]
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=ignore)
    page = Client().get("/").content.decode()
    assert re.search(r'href="/static/css/hongyi\.[0-9a-f]{12}\.css"', page)
    assert (tmp_path / "css" / "hongyi.css.gz").exists()


@pytest.mark.parametrize("path", ["/", "/login/"])
def test_the_language_switch_comes_after_the_page_and_its_login(client, path):
    """Reading order on a phone: the page's content (the login form) first, the language
    switch in the footer after it."""
    page = client.get(path).content.decode()
    assert page.index('name="language"') > page.index("</main>")
    assert page.index('name="language"') > page.index("<footer")
