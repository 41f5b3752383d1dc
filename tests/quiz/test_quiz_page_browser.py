"""The quiz pages of the website in a real browser (Debian Chromium through Selenium).

The air-gapped build (``kubeclass site build --offline``) is opened from ``file://`` with
every other host unreachable: a learner answers questions and the score changes; no
request leaves the machine and the console stays clean. The regular build is checked the
same way over HTTP.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from quiz_helpers import REPO
from site_browser import chrome, console_errors, network_events

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (Path("/usr/bin/chromium").exists()
                            and Path("/usr/bin/chromedriver").exists()),
                       reason="Debian chromium and chromium-driver are not installed"),
]

# Any other host is unreachable, as in a separated network (망분리).
ISOLATED = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
SCREENSHOTS = Path(os.environ.get("KUBECLASS_SCREENSHOTS", "/tmp/kubeclass-screenshots"))


def _build(site_dir: Path, offline: bool) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KUBECLASS_ROOT", None)
    if offline:
        argv = [sys.executable, "-m", "kubeclass", "site", "build", "--offline",
                "--site-dir", str(site_dir)]
    else:
        env["KUBECLASS_OFFLINE"] = "false"
        argv = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, env=env, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("quiz-offline-site")
    _build(site, offline=True)
    return site


@pytest.fixture(scope="module")
def online_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("quiz-online-site")
    _build(site, offline=False)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = chrome(ISOLATED)
    yield driver
    driver.quit()


def _wait(driver: Any, condition: Any, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def _score(driver: Any) -> tuple[int, int]:
    right = driver.find_element("css selector", ".kc-quiz__right").text
    answered = driver.find_element("css selector", ".kc-quiz__answered").text
    return int(right), int(answered)


def _play(driver: Any, page_url: str, name: str) -> None:
    """Answer a quiz page like a learner and check the score after every answer."""
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page_url)
    _wait(driver, lambda d: d.execute_script(
        "return document.querySelectorAll('.kc-quiz__option button, .kc-quiz__form').length > 0"
    ), timeout=20)
    assert _score(driver) == (0, 0)
    choice = driver.find_elements("css selector", ".kc-quiz__item--choice")
    typed = driver.find_elements("css selector", ".kc-quiz__item--typed")
    assert len(choice) >= 2 and typed, "the page should mix multiple-choice and typed items"
    # The answers of typed items are in the page but not on screen.
    assert not typed[0].find_element("css selector", ".kc-quiz__accept").is_displayed()
    assert not choice[0].find_element("css selector", ".kc-quiz__explain").is_displayed()

    # 1. The right option: the score goes up, the explanation and its term link appear.
    choice[0].find_element("css selector", ".kc-quiz__option--right button").click()
    assert _score(driver) == (1, 1)
    assert "정답" in choice[0].find_element("css selector", ".kc-quiz__verdict").text
    link = choice[0].find_element("css selector", ".kc-quiz__explain a")
    assert link.is_displayed() and "terms/" in link.get_attribute("href")
    # Answered means answered: another click changes nothing.
    choice[0].find_element("css selector", ".kc-quiz__option:not(.kc-quiz__option--right) button") \
        .click()
    assert _score(driver) == (1, 1)

    # 2. A wrong option: counted, shown as wrong, the right one revealed.
    choice[1].find_element("css selector", ".kc-quiz__option:not(.kc-quiz__option--right) button") \
        .click()
    assert _score(driver) == (1, 2)
    verdict = choice[1].find_element("css selector", ".kc-quiz__verdict").text
    solution = choice[1].find_element("css selector", ".kc-quiz__option--right").text
    assert "오답" in verdict and solution.split(") ", 1)[-1] in verdict

    # 3. A typed answer, spelt the way learners do: an alias, spaces removed, upper case.
    accepted = typed[0].find_elements("css selector", ".kc-quiz__accept li")
    alias = accepted[-1].get_attribute("textContent")
    box = typed[0].find_element("css selector", "input")
    box.send_keys(re.sub(r"\s+", "", alias).upper())
    typed[0].find_element("css selector", ".kc-quiz__form button").click()
    assert _score(driver) == (2, 3)
    assert "정답" in typed[0].find_element("css selector", ".kc-quiz__verdict").text

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"quiz-{name}.png"))

    # 4. The term link goes to the term's page.
    target = link.get_attribute("href")
    driver.get(target)
    _wait(driver, lambda d: d.find_elements("css selector", "h1"))
    assert urllib.parse.unquote(driver.current_url) == urllib.parse.unquote(target)

    assert console_errors(driver) == []
    requests, failed = network_events(driver)
    requested = list(requests.values())
    page_host = urllib.parse.urlsplit(page_url).netloc
    elsewhere = [u for u in requested if urllib.parse.urlsplit(u).scheme in ("http", "https")
                 and urllib.parse.urlsplit(u).netloc != page_host]
    assert elsewhere == [] and failed == []


def test_offline_quiz_page_keeps_score_without_any_other_host(offline_site: Path,
                                                             browser: Any) -> None:
    page = offline_site / "quiz" / "k8s-workloads.html"
    assert page.is_file()
    html = page.read_text("utf-8")
    assert "assets/kubeclass/quiz.js" in html, (
        "quiz.js is not loaded: the site plugin must ship it (see plan/notes-quiz-to-site.md)")
    _play(browser, page.as_uri(), "offline")


def test_online_quiz_page_keeps_score(online_site: str, browser: Any) -> None:
    _play(browser, online_site + "quiz/virtualization/", "online")


def test_quiz_index_lists_every_category(online_site: str, browser: Any) -> None:
    browser.get(online_site + "quiz/")
    links = [href for a in browser.find_elements("css selector", "article li > a")
             if "/quiz/" in (href := a.get_attribute("href")) and not href.endswith("/quiz/")]
    assert len(links) >= 10
    browser.get(links[0])
    _wait(browser, lambda d: d.find_elements("css selector", ".kc-quiz__option button"))
