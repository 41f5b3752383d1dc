"""The Kubernetes edge: the only package that talks to an API server.

:mod:`~kubeclass.kube.config` reads kubeconfigs, :mod:`~kubeclass.kube.client` sends the
requests, :mod:`~kubeclass.kube.discovery` names resources, :mod:`~kubeclass.kube.ops`
offers the operations the labs and the classroom need, and every failure is one of the
typed errors of :mod:`~kubeclass.kube.errors`. Nothing here speaks to a learner: the labs
and the classroom turn these errors into their own bilingual messages. ``kubernetes`` and
``urllib3`` are imported inside functions, so importing this package stays cheap.
"""
