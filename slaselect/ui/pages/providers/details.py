"""The provider details form beside the table: contact, references, notes, response targets."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from slaselect.domain.edits import ReplaceProvider
from slaselect.domain.model import SEVERITIES, Provider
from slaselect.domain.wording import and_list
from slaselect.ui.models.providers import ProviderRow, Standing
from slaselect.ui.widgets.text_edits import CommitTextEdit, GrowWithText


class ProviderDetails:
    """The details half of ``ProvidersPage``: the selected provider's form and saving it."""

    def _build_details(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(8)

        self.details_heading = QLabel()
        self.details_heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.details_heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.details_heading.setFont(font)
        self.details_heading.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("ProviderStatus")
        layout.addWidget(self.details_heading)
        layout.addWidget(self.status_label)

        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setToolTip("The name used on every page, report and memo.")
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("Account manager, e-mail, phone")
        self.website_edit = QLineEdit()
        self.website_edit.setPlaceholderText("https://…")
        self.certifications_edit = QLineEdit()
        self.certifications_edit.setPlaceholderText("ISO 27001, SOC 2 Type II, PCI DSS")
        self.certifications_edit.setToolTip("Separate certifications with commas.")
        self.references_edit = CommitTextEdit()
        self.references_edit.setPlaceholderText("Customers you can call, and what they said")
        self.references_grow = GrowWithText(self.references_edit, min_lines=3)
        self.notes_edit = CommitTextEdit()
        self.notes_edit.setPlaceholderText("What the team should remember about this provider")
        self.notes_grow = GrowWithText(self.notes_edit, min_lines=4)
        form.addRow("&Name", self.name_edit)
        form.addRow("&Contact", self.contact_edit)
        form.addRow("&Website", self.website_edit)
        form.addRow("Cer&tifications", self.certifications_edit)
        form.addRow("&References", self.references_edit)
        form.addRow("N&otes", self.notes_edit)
        severity_title = QLabel("Their severity names")
        severity_title.setToolTip(
            "Providers name their priority levels differently. Write theirs beside the "
            "buyer's P1-P4 so the comparison lines them up."
        )
        bold = severity_title.font()
        bold.setBold(True)
        severity_title.setFont(bold)
        severity_hint = QLabel(
            "What this provider calls each of your priority levels, e.g. \"Sev 1 - Critical\" "
            "for P1. Leave empty where they use your names."
        )
        severity_hint.setWordWrap(True)
        severity_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(_spacer(4))
        form.addRow(severity_title)
        form.addRow(severity_hint)
        self.severity_edits: dict[str, QLineEdit] = {}
        for severity, words in zip(SEVERITIES, _SEVERITY_WORDS, strict=True):
            edit = QLineEdit()
            edit.setPlaceholderText(f"same as yours ({words})")
            form.addRow(f"&{severity}", edit)
            self.severity_edits[severity] = edit
        layout.addLayout(form)
        layout.addStretch(1)

        for line in self._line_edits():
            line.editingFinished.connect(self.save_details)
        self.references_edit.committed.connect(self.save_details)
        self.notes_edit.committed.connect(self.save_details)
        return panel

    def _line_edits(self) -> list[QLineEdit]:
        return [self.name_edit, self.contact_edit, self.website_edit, self.certifications_edit,
                *self.severity_edits.values()]

    def _load_details(self) -> None:
        provider = self.selected_provider()
        self.details.setEnabled(provider is not None)
        read_only = self.session.read_only
        if provider is None:
            self.details_heading.setText("No provider selected")
            self.status_label.setText("")
            for line in self._line_edits():
                line.clear()
            self.references_edit.load("")
            self.notes_edit.load("")
            return
        row_number = self.model.row_of(provider.key)
        row = self.model.rows()[row_number] if row_number is not None else None
        self.details_heading.setText(provider.name)
        self.status_label.setText(_status_sentence(row) if row else "")
        tint = _STATUS_TINTS[row.standing if row else Standing.COMPETING]
        self.status_label.setStyleSheet(
            f"#ProviderStatus {{ background: {tint}; border-radius: 4px; padding: 6px; }}")
        values = {
            self.name_edit: provider.name,
            self.contact_edit: provider.contact,
            self.website_edit: provider.website,
            self.certifications_edit: ", ".join(provider.certifications),
        }
        for severity, edit in self.severity_edits.items():
            values[edit] = provider.severity_names.get(severity, "")
        for line, text in values.items():
            line.setReadOnly(read_only)
            if line.hasFocus() and line.isModified():
                continue  # the user is typing here; their text wins until they commit it
            if line.text() != text:
                line.setText(text)
                line.setCursorPosition(0)  # show the start of long text
            line.setModified(False)
        for area, text in ((self.references_edit, provider.references),
                           (self.notes_edit, provider.notes)):
            area.setReadOnly(read_only)
            if not (area.hasFocus() and area.is_modified()):
                area.load(text)

    # ------------------------------------------------------------------ editing

    def _details_provider(self, provider: Provider) -> Provider:
        certifications = tuple(
            part.strip() for part in self.certifications_edit.text().split(",") if part.strip()
        )
        severity_names = {
            severity: edit.text().strip()
            for severity, edit in self.severity_edits.items()
            if edit.text().strip()
        }
        return replace(
            provider,
            name=self.name_edit.text().strip(),
            contact=self.contact_edit.text().strip(),
            website=self.website_edit.text().strip(),
            certifications=certifications,
            references=self.references_edit.toPlainText().strip(),
            notes=self.notes_edit.toPlainText().strip(),
            severity_names=severity_names,
        )

    def save_details(self) -> bool:
        """Save what the details panel shows for the selected provider; True if saved or same."""
        if self._loading:
            return True
        provider = self.selected_provider()
        if provider is None:
            return True
        changed = self._details_provider(provider)
        if changed == provider:
            return True
        for line in self._line_edits():
            line.setModified(False)
        if self.edit(ReplaceProvider(changed)):
            if changed.name != provider.name:
                self.warn_same_name(changed.key)
            return True
        # Refused: show what is saved again; the sentence stays in the message.
        self.references_edit.load(provider.references)
        self.notes_edit.load(provider.notes)
        self._load_details()
        return False


_STATUS_TINTS = {
    Standing.COMPETING: "rgba(46, 160, 67, 0.16)",
    Standing.EXCLUDED: "rgba(128, 128, 128, 0.22)",
    Standing.INELIGIBLE: "rgba(179, 38, 30, 0.16)",
    Standing.AWAITING_OFFER: "rgba(128, 128, 128, 0.10)",
    Standing.TO_FILL_IN: "rgba(128, 128, 128, 0.10)",
}

_SEVERITY_WORDS = ("most urgent", "high", "medium", "low")


def _spacer(height: int) -> QWidget:
    spacer = QWidget()
    spacer.setFixedHeight(height)
    return spacer


def _status_sentence(row: ProviderRow) -> str:
    if row.standing is Standing.EXCLUDED:
        return f"Excluded by the team: {row.provider.excluded}"
    to_do = ("To fill in from the offer (must-haves): " + and_list(list(row.to_fill_in)) + "."
             if row.to_fill_in else "")
    if row.standing is Standing.AWAITING_OFFER:
        return ("Awaiting offer: add it as round 1 on the Terms & negotiation page. " + to_do
                ).strip()
    if row.standing is Standing.TO_FILL_IN:
        return to_do
    if row.standing is Standing.INELIGIBLE:
        return ("Ineligible: " + " ".join(row.reasons) + (" " + to_do if to_do else "")).strip()
    rank = f"ranked {row.rank} by weighted sum" if row.rank is not None else "not ranked"
    return f"Competing, {rank}."
