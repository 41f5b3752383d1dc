"""Browser helpers shared by the site and quiz tests: start Debian Chromium, search like a
user, read console and network logs, switch colour schemes."""

from __future__ import annotations

import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

RESULT_LINKS = ".md-search-result__list > li.md-search-result__item > a"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--window-size=1280,900", "--lang=ko-KR",
)


def chrome(*extra_flags: str) -> Any:
    """A headless Debian Chromium with browser and network logs enabled."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROME_FLAGS, *extra_flags):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def blocked_chrome() -> Any:
    """:func:`chrome` that may open file:// pages but reach no host: a proxy that refuses
    everything, and DevTools' own offline switch on top."""
    driver = chrome("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                    "--allow-file-access-from-files")
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    except BaseException:
        driver.quit()
        raise
    return driver


def site_path(url: str, base: str) -> str:
    """``http://host/terms/pod/?h=x#y`` → ``terms/pod/`` (relative to ``base``, no query)."""
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path)
    base_path = urllib.parse.unquote(urllib.parse.urlsplit(base).path)
    return path[len(base_path):] if path.startswith(base_path) else path


def wait_ready(driver: Any, timeout: float = 15) -> None:
    """Wait until Material's JavaScript has mounted the page."""
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && !!document.querySelector("
            "'[data-md-component=search-query]')"))


def search(driver: Any, query: str, timeout: float = 15) -> list[str]:
    """Type ``query`` into the site's search box; the result page links, best first."""
    driver.execute_script("document.querySelector('label[for=__search]').click()")
    box = driver.find_element(By.CSS_SELECTOR, "input[data-md-component=search-query]")
    box.clear()
    box.send_keys(query)

    def results(d: Any) -> list[str] | None:
        try:
            meta = d.find_element(By.CSS_SELECTOR, ".md-search-result__meta").text
            links = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, RESULT_LINKS)]
        except StaleElementReferenceException:
            return None
        # Material writes "검색어를 입력하세요" until the worker answers for this query.
        if links:
            return links
        return [] if meta and "없" in meta else None

    try:
        found: list[str] = WebDriverWait(driver, timeout, poll_frequency=0.05).until(results)
    except TimeoutException:
        return []
    time.sleep(0.05)  # let the last keystroke's results replace earlier ones
    # Read in one script: elements found first could be replaced before being read (stale).
    last: list[str] = driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(a => a.href)", RESULT_LINKS)
    return last or found


def close_search(driver: Any) -> None:
    driver.execute_script(
        "const t = document.getElementById('__search'); if (t.checked) t.click();")


def console_errors(driver: Any) -> list[str]:
    """Severe browser console messages since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def network_events(driver: Any) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """All requests (id → URL) and failed ones (URL, error) since the last call."""
    requests: dict[str, str] = {}
    failed: list[tuple[str, str]] = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            requests[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed":
            failed.append((requests.get(params["requestId"], "?"), params.get("errorText", "")))
    return requests, failed


def set_scheme(driver: Any, dark: bool) -> None:
    """Use the colour-scheme toggle until the page shows the wanted scheme."""
    wanted = "slate" if dark else "default"
    for _ in range(4):
        scheme = driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")
        if scheme == wanted:
            return
        driver.execute_script(
            "const label = [...document.querySelectorAll('form[data-md-component=palette] label')]"
            ".find(l => !l.hidden && l.offsetParent !== null); label.click();")
        time.sleep(0.2)
    raise AssertionError(f"could not switch the colour scheme to {wanted}")


_ZENSICAL_ROOT = ("return [...document.querySelectorAll('*')]"
                  ".find(e => e.shadowRoot && e.shadowRoot.querySelector('dialog[open]'))")


def zensical_search(driver: Any, query: str, timeout: float = 60) -> list[str]:
    """Type ``query`` into a Zensical site's search (a dialog in a shadow DOM); the result
    page links, best first, once they are the results of this very query.

    Zensical's results link to ``page?h=<query>#section``: the ``h`` parameter tells the
    answers to this query from those to the previous one, and the list must then hold
    still for 0.2 s. The first query also waits for the worker to index the site.
    """
    host = driver.execute_script(_ZENSICAL_ROOT)
    if host is None:
        driver.execute_script("document.querySelector('.md-search__button').click()")
        host = WebDriverWait(driver, timeout).until(lambda d: d.execute_script(_ZENSICAL_ROOT))
    box = host.shadow_root.find_element(By.CSS_SELECTOR, "input[role=combobox]")
    WebDriverWait(driver, timeout).until(lambda d: box.is_displayed() and box.is_enabled())
    # Empty what an earlier query left (keys would only delete one composed syllable).
    driver.execute_script("arguments[0].value = '';"
                          "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", box)
    box.send_keys(query)

    def results(d: Any) -> list[str] | None:
        state = d.execute_script(
            "const r = arguments[0].shadowRoot;"
            "return [r.querySelector('[role=status]').textContent,"
            " [...r.querySelectorAll('ol[role=listbox] a[role=option]')].map(a => a.href)]", host)
        status, links = state
        asked = urllib.parse.parse_qs(urllib.parse.urlsplit(links[0]).query).get("h") \
            if links else None
        if asked and asked[0].casefold() == query.casefold():
            return list(links)
        return [] if "No results" in status else None

    try:
        found: list[str] = WebDriverWait(driver, timeout, poll_frequency=0.05).until(results)
    except TimeoutException:
        return []
    # The links take ``h`` from the box, not from the query answered: the answer to an
    # earlier keystroke ("클" of "클라우드 컴퓨팅") can show under this query's ``h`` until the
    # last answer replaces it. So wait until the list holds still.
    for _ in range(20):
        time.sleep(0.2)
        again = results(driver)
        if again == found:
            break
        found = again or found
    return found


def result_pages(links: list[str], base: str) -> list[str]:
    """Result links → the pages they are on, in order, each once (Zensical lists sections)."""
    return list(dict.fromkeys(site_path(url, base) for url in links))
