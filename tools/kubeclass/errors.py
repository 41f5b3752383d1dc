"""The base of every failure a user can act on, said in both languages.

Commands turn a :class:`UserError` into its message (in the ``--lang`` the user chose) and
its ``exit_code``, never a traceback: see :func:`kubeclass.cliutil.handle_errors`.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure with a Korean and an English message and the process exit code it means."""

    exit_code = 2

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.en = en
        self.ko = ko

    def message(self, lang: str = "ko") -> str:
        """The message in ``lang`` (``ko`` or ``en``)."""
        return self.ko if lang == "ko" else self.en
