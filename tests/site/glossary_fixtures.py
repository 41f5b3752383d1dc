"""Small glossaries built in code, for the pure site modules' tests."""

from __future__ import annotations

from kubeclass.glossary.model import Bilingual, Category, Example, Glossary, Reference, Term


def term(term_id: str, ko: str, en: str, *, category: str = "k8s-workloads", abbr: str | None = None,
         aka: tuple[str, ...] = (), short_ko: str | None = None, short_en: str | None = None,
         long_ko: str = "설명.", long_en: str = "Description.", related: tuple[str, ...] = (),
         examples: tuple[Example, ...] = (), tags: tuple[str, ...] = ("kubernetes",),
         references: tuple[Reference, ...] = (), seed: bool = False) -> Term:
    return Term(
        id=term_id, term=Bilingual(ko, en), category=category, level="beginner",
        short=Bilingual(short_ko or f"{ko}의 한 줄 정의.", short_en or f"One line about {en}."),
        long=Bilingual(long_ko, long_en), abbr=abbr, aka=aka, tags=tags, examples=examples,
        related=related, references=references or (Reference("Docs", "https://kubernetes.io/ko/"),),
        seed=seed,
    )


CATEGORIES = {
    "k8s-workloads": Category("k8s-workloads", Bilingual("워크로드", "Workloads"),
                              Bilingual("파드와 워크로드.", "Pods and workloads.")),
    "virtualization": Category("virtualization", Bilingual("가상화", "Virtualization"),
                               Bilingual("가상화 기술.", "Virtualization.")),
}


def glossary(*terms: Term) -> Glossary:
    return Glossary(terms={t.id: t for t in sorted(terms, key=lambda t: t.id)},
                    categories=dict(CATEGORIES))


def small_glossary() -> Glossary:
    """Pods, containers, VMs: enough names to exercise particles, plurals and aliases."""
    return glossary(
        term("pod", "파드", "Pod", aka=("포드", "쿠버네티스 파드")),
        term("container", "컨테이너", "Container"),
        term("container-runtime", "컨테이너 런타임", "Container Runtime", aka=("컨테이너런타임",)),
        term("container-image", "컨테이너 이미지", "Container Image", aka=("이미지",)),
        term("virtual-machine", "가상 머신", "Virtual Machine", abbr="VM",
             aka=("가상머신", "virtual machine"), category="virtualization"),
        term("deployment", "디플로이먼트", "Deployment", aka=("deploy",)),
        term("service", "서비스", "Service", aka=("svc",)),
        term("job", "잡", "Job"),
        term("run", "실행", "Run"),
    )
