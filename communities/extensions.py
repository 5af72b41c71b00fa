"""How a satellite app (`diagnostics/`, `workshops/`) adds to the core without
the core importing it.

A satellite registers its extensions from its `AppConfig.ready()`; core pages,
forms and services ask this registry. Eight kinds:

- `MilestoneProof`: the satellite's data proves a milestone, which then
  completes itself (`services.phases.refresh_milestones_from_data`) and can no
  longer be ticked by hand. The core registers its own proofs the same way.
- `EntryField`: a field of the journal entry form whose value the satellite
  keeps on its side, offered as a filter of the journal and shown as a label
  on the entry, its card and the exports.
- `Panel`: a fragment a satellite shows on a core page (`"journal"`,
  `"community"`, `"goal"` with the goal, `"prompt"` beside the home page's
  journal question, with the prompt).
- `EventVerb`: a verb the satellite's services write in the audit trail,
  with its label, so that the activity and the admin read it in words.
- `ReportKind`: a report built in the background (`services.reports`): how
  to build its file, and how long the file is kept.
- `ReportSection`: a section of a core document (the progress report, the
  school report, the Difusión summary, the platform's figures) that the
  satellite fills with a `Section`: a table, a note and, if it wants, bars.
- `NoticeKind`: a kind of notice or reminder the satellite sends, with its
  label, the channel each role gets by default and, for a reminder, the
  function that says who is due one (`services.reminders` asks it on beat).
- `PersonalData`: what the app holds about a person in some of its tables,
  for the person's download (`personal_data.collect`) and for the
  anonymisation an admin carries out (`services.privacy.anonymise_person`).
  The core registers its own parts the same way.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import QuerySet


@dataclass(frozen=True)
class MilestoneProof:
    """`proves(community)` returns the evidence to record, or "" while the data
    does not prove the milestone yet. `how` tells people what completes it."""

    kind: str
    proves: Callable[[Any], str]
    how: str


@dataclass(frozen=True)
class EntryField:
    name: str
    form_field: Callable[[], forms.Field]
    initial_for_prompt: Callable[[Any], Any]  # the value an entry started from this prompt gets
    value_of: Callable[[Any], Any]  # the entry's current value, for the edit form
    save: Callable[[Any, Any], None]  # (entry, value), inside the service's transaction
    labels: Callable[[list], Mapping[int, str]]  # entry pk → label, for a page of entries
    filter_field: Callable[[], forms.Field]
    apply_filter: Callable[[QuerySet, Any], QuerySet]


@dataclass(frozen=True)
class Panel:
    """`context(request, obj)` returns the fragment's context, or None to show nothing."""

    page: str
    template: str
    context: Callable[[Any, Any], dict | None]


@dataclass(frozen=True)
class EventVerb:
    """`code` as stored in `Event.verb` (at most 30 characters), read as `label`."""

    code: str
    label: Any  # a lazy translation


@dataclass(frozen=True)
class ReportKind:
    """`build(report)` returns (content, file name, content type); it runs in a
    Celery task and may take its time. The file is kept `keep_days`. `need`
    is the `access.Need` a person needs on the report's school or community
    to ask for it and to open it (None: to see it)."""

    code: str
    label: Any
    build: Callable[[Any], tuple[bytes, str, str]]
    keep_days: int = 7
    need: Any = None


@dataclass(frozen=True)
class Section:
    """What a satellite adds to a core document: a title, a table (its cells
    already text, in the reader's language) and a note, such as why some
    figures are not shown. `bars` draws figures as horizontal bars, each
    (label, value, maximum); a document shows them as SVG on a page and as a
    drawing in a PDF."""

    title: str
    columns: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    note: str = ""
    bars: Sequence[tuple[str, float, float]] = ()


# The core documents a satellite can add a section to, and what `section()` is given.
DOCUMENTS = {
    "community": "the community progress report: the Community",
    "school": "the school report: the School",
    "summary": "the Difusión summary: the Community",
    "figures": "the platform's figures: a state's code, or '' for the whole country",
}


@dataclass(frozen=True)
class ReportSection:
    """`section(obj)` returns the `Section` to add to `document` (one of
    `DOCUMENTS`), or None to add nothing; sections show in `order`."""

    document: str
    section: Callable[[Any], Section | None]
    order: int = 50


@dataclass(frozen=True)
class NoticeKind:
    """`defaults` maps a role at a school ("teacher", "director", "tutor", and
    "" for anyone else) to its channel ("app", "email", "digest"); `due(now)`,
    for a reminder, yields the `services.delivery.Delivery` rows due now."""

    code: str
    label: Any
    defaults: Mapping[str, str]
    due: Callable[[Any], Iterable[Any]] | None = None


@dataclass(frozen=True)
class PersonalData:
    """A part of what the app holds about a person. `export(user)` returns the
    person's records, each a dict of labels (in the reader's language) to
    plain values, in a fixed number of queries whatever their number;
    `anonymise(user, pseudonym)` runs inside the anonymisation's transaction
    and leaves no trace of the person in `models` but the pseudonymous user
    row they point to, while counts and other people's content stay; `models`
    are the tables the part answers for (tests check that every table with a
    person in it has one)."""

    code: str
    label: Any
    export: Callable[[Any], list[dict]]
    anonymise: Callable[[Any, str], None]
    models: tuple[type, ...] = ()
    order: int = 50


@dataclass
class Registry:
    proofs: dict[str, MilestoneProof] = field(default_factory=dict)
    entry_fields: dict[str, EntryField] = field(default_factory=dict)
    panels: list[Panel] = field(default_factory=list)
    event_verbs: dict[str, Any] = field(default_factory=dict)
    report_kinds: dict[str, ReportKind] = field(default_factory=dict)
    notice_kinds: dict[str, NoticeKind] = field(default_factory=dict)
    report_sections: list[ReportSection] = field(default_factory=list)
    personal_data: dict[str, PersonalData] = field(default_factory=dict)

    def add(
        self,
        extension: MilestoneProof
        | EntryField
        | Panel
        | EventVerb
        | ReportKind
        | NoticeKind
        | ReportSection
        | PersonalData,
    ) -> None:
        """Register an extension; registering the same one again changes nothing."""
        match extension:
            case MilestoneProof():
                self.proofs[extension.kind] = extension
            case EntryField():
                self.entry_fields[extension.name] = extension
            case Panel() if extension not in self.panels:
                self.panels.append(extension)
            case EventVerb():
                self.event_verbs[extension.code] = extension.label
            case ReportKind():
                self.report_kinds[extension.code] = extension
            case NoticeKind():
                self.notice_kinds[extension.code] = extension
            case ReportSection() if extension not in self.report_sections:
                if extension.document not in DOCUMENTS:
                    raise ValueError(f"No core document is called {extension.document!r}")
                self.report_sections.append(extension)
            case PersonalData():
                self.personal_data[extension.code] = extension

    def panels_for(self, page: str) -> Iterable[Panel]:
        return [panel for panel in self.panels if panel.page == page]


registry = Registry()
register = registry.add


def personal_data_parts() -> list[PersonalData]:
    """Every part of a person's data, the core's and the satellites', in order."""
    return sorted(registry.personal_data.values(), key=lambda part: (part.order, part.code))


def sections_for(document: str, obj) -> list[Section]:
    """The sections satellites add to `document` about `obj`, in their order."""
    shown = []
    for extension in sorted(registry.report_sections, key=lambda extension: extension.order):
        if extension.document == document and (section := extension.section(obj)) is not None:
            shown.append(section)
    return shown


def render_panels(request, page: str, obj=None) -> list[tuple[str, dict]]:
    """(template, context) of each panel satellites show on `page`."""
    shown = []
    for panel in registry.panels_for(page):
        context = panel.context(request, obj)
        if context is not None:
            shown.append((panel.template, context))
    return shown


@dataclass(frozen=True)
class Label:
    """A satellite's value on an entry: "Workshop work space" → "Caligrama"."""

    name: str
    value: str

    def __str__(self) -> str:
        return self.value


def entry_labels(entries: list) -> dict[int, list[Label]]:
    """The labels satellites give each entry of a page (one query per field)."""
    labels: dict[int, list[Label]] = {}
    for entry_field in registry.entry_fields.values():
        name = str(entry_field.form_field().label)
        for pk, value in entry_field.labels(entries).items():
            labels.setdefault(pk, []).append(Label(name, value))
    return labels
