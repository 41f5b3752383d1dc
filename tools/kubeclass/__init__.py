"""kubeclass: a Korean-first, bilingual learning platform for cloud and Kubernetes."""

__version__ = "0.1.0"
