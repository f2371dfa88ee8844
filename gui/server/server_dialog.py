"""File > Open server document…: where the shared document lives (the password is never kept)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import URL
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_PORT = 5432
URL_HINT = "postgresql://user@host[:port]/dbname"


class ServerDocumentDialog(QDialog):
    """Either a whole URL, or host, port, database, user and password field by field."""

    def __init__(self, parent: QWidget | None = None, *, last: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open server document")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(URL_HINT)
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("URL:", self.url_edit)
        form.addRow(QLabel(f"a URL such as {URL_HINT}, or the fields below:"))
        form.addRow("Host:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("User:", self.user)
        form.addRow("Password:", self.password)
        form.addRow(QLabel("The password is used to connect and is not remembered."))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        if last:
            self.fill(last)

    def fill(self, text: str) -> None:
        """Fields from a remembered URL (which never holds a password)."""
        try:
            url = make_url(text)
        except ArgumentError:
            self.url_edit.setText(text)
            return
        self.host.setText(url.host or "")
        self.port.setValue(url.port or DEFAULT_PORT)
        self.database.setText(url.database or "")
        self.user.setText(url.username or "")

    def location(self) -> str:
        """The URL to open, with the password when one was typed; "" until it is complete."""
        typed = self.url_edit.text().strip()
        if typed:
            return typed if _complete(typed) else ""
        if not (self.host.text().strip() and self.database.text().strip()):
            return ""
        url = URL.create(
            "postgresql",
            username=self.user.text().strip() or None,
            password=self.password.text() or None,
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
        )
        return url.render_as_string(hide_password=False)

    def _accept_if_complete(self) -> None:
        if self.location():
            self.accept()
            return
        self.problem.setText(f"Give a URL such as {URL_HINT}, or at least a host and a database.")


def _complete(text: str) -> bool:
    """A PostgreSQL URL naming a database."""
    try:
        url = make_url(text)
    except ArgumentError:
        return False
    return url.get_backend_name() == "postgresql" and bool(url.database)
