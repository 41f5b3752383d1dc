"""The search query list: each query and the page that must come first.

Shared by the browser test (which requires every one to be first) and by
``bench/bench_site_search.py`` (which measures how other search set-ups do on it).
"""

from __future__ import annotations

# (query, the page that must come first). Korean and English names, abbreviations,
# aliases with and without spaces, Korean infixes and 초성.
SEARCH_CASES: list[tuple[str, str]] = [
    ("파드", "terms/pod/"),
    ("Pod", "terms/pod/"),
    ("pods", "terms/pod/"),
    ("VM", "terms/virtual-machine/"),
    ("가상 머신", "terms/virtual-machine/"),
    ("가상머신", "terms/virtual-machine/"),
    ("virtual machine", "terms/virtual-machine/"),
    ("하이퍼바이저", "terms/hypervisor/"),
    ("Hypervisor", "terms/hypervisor/"),
    ("망분리", "terms/network-separation/"),
    ("분리", "terms/network-separation/"),
    ("쿠버네티스", "terms/kubernetes/"),
    ("Kubernetes", "terms/kubernetes/"),
    ("k8s", "terms/kubernetes/"),
    ("사이드카", "terms/sidecar-container/"),
    ("서비스", "terms/service/"),
    ("Service", "terms/service/"),
    ("svc", "terms/service/"),
    ("컨테이너", "terms/container/"),
    ("디플로이먼트", "terms/deployment/"),
    ("deployment", "terms/deployment/"),
    ("네임스페이스", "terms/namespace/"),
    ("네임 스페이스", "terms/namespace/"),
    ("인그레스 컨트롤러", "terms/ingress-controller/"),
    ("클라우드 컴퓨팅", "terms/cloud-computing/"),
    ("컴퓨팅", "terms/cloud-computing/"),
    ("퍼블릭 클라우드", "terms/public-cloud/"),
    ("IaaS", "terms/iaas/"),
    ("ㄱㅅㅎ", "terms/virtualization/"),
    ("프로비저닝", "terms/provisioning/"),
    ("데브옵스", "terms/devops/"),
    ("DevOps", "terms/devops/"),
    ("SDN", "terms/sdn/"),
    ("NFV", "terms/nfv/"),
    ("VDI", "terms/vdi/"),
    ("멀티 테넌시", "terms/multi-tenancy/"),
    ("테넌시", "terms/multi-tenancy/"),
    ("워크스페이스", "terms/workspace/"),
    ("효용률", "terms/utilization-rate/"),
    ("etcd", "terms/etcd/"),
    ("kubectl", "terms/kubectl/"),
    ("PV", "terms/persistent-volume/"),
    ("도커", "terms/docker/"),
    ("애드온", "terms/add-on/"),
    ("서비스 맵", "terms/service-map/"),
    ("환경 구축", "setup/"),
]
