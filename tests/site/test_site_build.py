"""Real MkDocs builds with the plugin: generated pages, strictness, errors, live reload."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, make_site, run_kubeclass
from serving import page_with, site_server

from kubeclass.glossary.load import load_glossary


def test_every_term_and_category_has_a_page(site_dir: Path) -> None:
    glossary = load_glossary()
    for term_id in glossary.terms:
        assert (site_dir / "terms" / term_id / "index.html").is_file(), term_id
    for category_id in glossary.categories:
        assert (site_dir / "categories" / category_id / "index.html").is_file(), category_id
    for page in ("glossary/index.html", "glossary/a-z/index.html", "glossary/ga-na-da/index.html",
                 "tags/index.html", "architecture/index.html", "setup/index.html"):
        assert (site_dir / page).is_file(), page


def test_nothing_generated_is_written_into_docs(site_dir: Path) -> None:
    for folder in ("terms", "categories", "glossary"):
        assert not (REPO / "docs" / folder).exists()
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    assert not any(name.startswith(("docs/terms/", "docs/categories/")) for name in tracked)


def test_navigation_stays_small(site_dir: Path) -> None:
    """Material renders the nav into every page: term pages must not be in it."""
    html = (site_dir / "terms" / "pod" / "index.html").read_text("utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index(
        'class="md-nav md-nav--primary"'))]
    assert "terms/" not in nav
    assert len(re.findall(r'class="md-nav__link', html)) < 40


def test_term_page_content(site_dir: Path) -> None:
    html = (site_dir / "terms" / "pod" / "index.html").read_text("utf-8")
    assert "<title>파드 (Pod) - kubeclass</title>" in html
    assert 'href="../../tags/#tag:kubernetes"' in html  # tags plugin chips
    assert 'href="../../categories/k8s-workloads/"' in html
    assert 'class="kc-term"' in html  # mentions linked
    assert 'href="https://kubernetes.io/ko/docs/concepts/workloads/pods/"' in html
    # Related terms are relative links to their pages, never to this page itself.
    assert 'href="../node/"' in html and 'href="../pod/"' not in html


def test_tags_page_lists_terms_by_tag(site_dir: Path) -> None:
    html = (site_dir / "tags" / "index.html").read_text("utf-8")
    assert 'id="tag:kubernetes"' in html
    assert 'href="../terms/pod/"' in html


def test_search_index_carries_names_and_korean_separator(site_dir: Path) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))
    assert "(?<=[가-힣]{2})" in index["config"]["separator"]
    assert index["config"]["fields"]["names"]["boost"] == 200
    docs = {doc["location"]: doc for doc in index["docs"]}
    pod = docs["terms/pod/"]
    assert pod["names"][:2] == ["파드", "Pod"] and "pod" in pod["kc"]["k"]
    assert docs["setup/"]["kc"]["k"] == ["환경구축"]
    for term_id in load_glossary().terms:
        assert "kc" in docs[f"terms/{term_id}/"], term_id
    assert not any(loc.startswith("glossary/a-z") for loc in docs)  # indexes excluded


def test_pages_use_the_kubeclass_search_worker(site_dir: Path) -> None:
    html = (site_dir / "index.html").read_text("utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  html, re.DOTALL).group(1))
    assert config["search"].endswith("workers/kubeclass-search.js")
    worker = (site_dir / "assets" / "javascripts" / "workers" / "kubeclass-search.js").read_text()
    material = re.search(r'var MATERIAL_WORKER = "([^"]+)"', worker).group(1)
    assert (site_dir / "assets" / "javascripts" / "workers" / material).is_file()


def test_kubeclass_site_build_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_kubeclass("site", "build", "--site-dir", str(out))
    assert done.returncode == 0, done.stderr
    assert re.search(r"built the site: \d+ pages in .* 0 warnings\)", done.stdout)
    assert (out / "terms" / "pod" / "index.html").is_file()


def test_broken_glossary_is_reported_with_locations(tmp_path: Path) -> None:
    config = make_site(tmp_path / "site")
    pod = tmp_path / "site" / "glossary" / "k8s-workloads" / "pod.yaml"
    pod.write_text(pod.read_text("utf-8").replace("level: beginner", "levle: beginner"), "utf-8")
    done = run_kubeclass("site", "build", "-f", str(config))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert re.search(r"pod\.yaml:\d+:\d+: levle: unknown field 'levle' \(did you mean 'level'\?\)",
                     done.stderr), done.stderr
    # Plain mkdocs stops too, listing the problem.
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                           capture_output=True, text=True, timeout=300)
    assert plain.returncode != 0 and "levle" in plain.stderr


def test_a_docs_file_may_not_shadow_a_generated_page(tmp_path: Path) -> None:
    config = make_site(tmp_path / "site", docs={
        "index.md": "# 홈\n", "tags.md": "# 태그\n\n<!-- material/tags -->\n",
        "terms/pod.md": "# 손으로 쓴 파드\n"})
    done = run_kubeclass("site", "build", "-f", str(config))
    assert done.returncode == 1
    assert "docs/terms/pod.md exists, but that page is generated" in done.stderr


def test_unknown_term_link_in_a_page_fails_the_strict_build(tmp_path: Path) -> None:
    config = make_site(tmp_path / "site", docs={
        "index.md": "# 홈\n\n[없는 용어](term:no-such-term)\n",
        "tags.md": "# 태그\n\n<!-- material/tags -->\n"})
    done = run_kubeclass("site", "build", "--strict", "-f", str(config))
    assert done.returncode == 1
    assert "links to unknown term 'term:no-such-term'" in done.stderr


def test_serve_rebuilds_when_a_glossary_file_changes(tmp_path: Path) -> None:
    config = make_site(tmp_path / "site")
    with site_server(config) as base:
        url = f"{base}terms/pod/"
        assert "파드" in page_with(url, "파드"), "the server did not come up"
        pod = tmp_path / "site" / "glossary" / "k8s-workloads" / "pod.yaml"
        pod.write_text(pod.read_text("utf-8").replace(
            "  en: The smallest unit Kubernetes deploys and runs",
            "  en: LIVE-RELOADED The smallest unit Kubernetes deploys and runs"), "utf-8")
        assert "LIVE-RELOADED" in page_with(url, "LIVE-RELOADED")


@pytest.mark.parametrize("root_option", [True, False], ids=["plugin-root", "KUBECLASS_ROOT"])
def test_content_root_can_be_another_tree(tmp_path: Path, root_option: bool) -> None:
    """A one-term glossary elsewhere: through the plugin's `root` or KUBECLASS_ROOT."""
    other = tmp_path / "content"
    (other / "glossary" / "k8s-workloads").mkdir(parents=True)
    shutil.copy(REPO / "glossary" / "categories.yaml", other / "glossary")
    pod = (REPO / "glossary" / "k8s-workloads" / "pod.yaml").read_text("utf-8")
    pod = re.sub(r"\[([^\]]+)\]\(term:[a-z0-9-]+\)", r"\1", pod)
    pod = re.sub(r"^related: .*$", "related: []", pod, flags=re.MULTILINE)
    (other / "glossary" / "k8s-workloads" / "pod.yaml").write_text(pod, "utf-8")
    config = make_site(tmp_path / "site", glossary=other / "glossary")
    env = {}
    if not root_option:
        text = config.read_text("utf-8").replace("  - kubeclass:\n      root: .\n", "  - kubeclass\n")
        config.write_text(text, "utf-8")
        shutil.rmtree(tmp_path / "site" / "glossary")
        env["KUBECLASS_ROOT"] = str(other)
    done = run_kubeclass("site", "build", "-f", str(config), env=env)
    assert done.returncode == 0, done.stderr
    terms = sorted(p.name for p in (tmp_path / "site" / "site" / "terms").iterdir())
    assert terms == ["pod"]


def test_term_links_resolve_in_prose_but_not_in_code(tmp_path: Path) -> None:
    config = make_site(tmp_path / "site", docs={
        "index.md": ("# 홈\n\n[파드 보기](term:pod) 그리고 `[예시](term:pod)`\n\n"
                     "```markdown\n[파드](term:pod)\n```\n"),
        "tags.md": "# 태그\n\n<!-- material/tags -->\n"})
    done = run_kubeclass("site", "build", "--strict", "-f", str(config))
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "site" / "index.html").read_text("utf-8")
    assert '<a href="terms/pod/">파드 보기</a>' in html
    assert "<code>[예시](term:pod)</code>" in html
    assert "[파드](term:pod)" in re.sub(r"<[^>]+>", "", html)


def test_offline_build_drops_the_public_site_url(tmp_path: Path) -> None:
    """With site_url set, pages name their canonical URL — not in the air-gapped copy."""
    config = make_site(tmp_path / "site")
    config.write_text(config.read_text("utf-8") + "site_url: https://kubeclass.example/\n", "utf-8")
    online = run_kubeclass("site", "build", "-f", str(config), "--site-dir", str(tmp_path / "on"))
    assert online.returncode == 0, online.stderr
    assert 'rel="canonical" href="https://kubeclass.example/' in (
        tmp_path / "on" / "index.html").read_text("utf-8")
    offline = run_kubeclass("site", "build", "--offline", "-f", str(config),
                            "--site-dir", str(tmp_path / "off"))
    assert offline.returncode == 0, offline.stderr  # its own check finds no other host
    assert "canonical" not in (tmp_path / "off" / "index.html").read_text("utf-8")
