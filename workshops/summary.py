"""What the workshop adds to the CAS's Difusión summary and to its progress
report (`extensions.ReportSection`, documents "summary" and "community"): the
products of the school's latest workshop, one row per work space that has
one, as the Carpeta names them.

- Huella colectiva: the collective timeline (how many milestones, from how
  many paths) and the self-assessment per axis, the light most chosen. An
  axis rated by fewer than 5 people is never shown, so that nobody's light
  can be told from the count.
- La práctica docente bajo la lupa: the prioritised challenges once the vote
  closed (their votes as bars), the common problems named until then.
- Construyendo en colectivo: the proposals, their challenge and objective;
  and its continuity agreements at 15 and 30 days with their status.
- Caligrama de la comunidad: the words said most and the commitment.

A fixed number of queries whatever the contributions."""

from collections import defaultdict

from django.db.models import Count
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities import extensions
from communities.models import Community
from workshops import selectors
from workshops.models import (
    AssessmentAxis,
    AxisRating,
    Calligram,
    ContinuityAgreement,
    Light,
    SpaceRun,
    Workshop,
    WorkSpace,
)

ORDER = 40  # after the diagnostic's change
MIN_RATERS = 5  # an axis rated by fewer people is not shown
CELL = 400  # characters of a product's cell
WORDS_SHOWN = 12
# In a tie, the more cautious light: a group split between green and yellow is on its way.
CAUTION = (Light.RED, Light.YELLOW, Light.GREEN)


def _cut(text: str, limit: int = CELL) -> str:
    return Truncator(" ".join(str(text).split())).chars(limit)


def latest_workshop(school_id: int) -> Workshop | None:
    return Workshop.objects.filter(school_id=school_id).select_related("template").order_by("-starts_on", "-pk").first()


def workshop_products(community: Community) -> extensions.Section | None:
    return workshop_products_of_school(community.school_id)


def workshop_products_of_school(school_id: int) -> extensions.Section | None:
    """The section, or None while the school has run no workshop or its spaces
    have no product yet."""
    workshop = latest_workshop(school_id)
    if workshop is None:
        return None
    started = set(
        SpaceRun.objects.filter(workshop=workshop)
        .exclude(state=SpaceRun.State.NOT_STARTED)
        .values_list("space__workspace", flat=True)
    )
    rows, bars = [], []
    name = dict(WorkSpace.choices)
    if WorkSpace.HUELLA_COLECTIVA in started:
        rows += _huella(workshop, name[WorkSpace.HUELLA_COLECTIVA])
    if WorkSpace.PRACTICA_BAJO_LA_LUPA in started:
        lupa_rows, bars = _lupa(workshop, name[WorkSpace.PRACTICA_BAJO_LA_LUPA])
        rows += lupa_rows
    if WorkSpace.CONSTRUYENDO_EN_COLECTIVO in started:
        rows += _construyendo(workshop, name[WorkSpace.CONSTRUYENDO_EN_COLECTIVO])
    if WorkSpace.CALIGRAMA in started:
        rows += _caligrama(workshop, name[WorkSpace.CALIGRAMA])
    if not rows:
        return None
    return extensions.Section(
        title=_("Workshop «%(title)s»: its products") % {"title": workshop.template.title},
        columns=[_("Work space"), _("Product")],
        rows=rows,
        note=_(
            "The school's workshop, held from %(first)s to %(last)s. The self-assessment shows an axis only when "
            "5 people or more rated it, so that nobody's light can be told; the bars are the votes of the "
            "prioritised challenges."
        )
        % {
            "first": formats.date_format(workshop.starts_on, "DATE_FORMAT"),
            "last": formats.date_format(workshop.ends_on, "DATE_FORMAT"),
        },
        bars=bars,
    )


def _huella(workshop: Workshop, space: str) -> list[list[str]]:
    rows = []
    paths = workshop.pathmilestones.aggregate(milestones=Count("pk"), people=Count("author", distinct=True))
    if paths["milestones"]:
        rows.append(
            [
                space,
                ngettext(
                    "A collective timeline of %(count)s milestone",
                    "A collective timeline of %(count)s milestones",
                    paths["milestones"],
                )
                % {"count": paths["milestones"]}
                + " "
                + ngettext("from %(people)s professional path.", "from %(people)s professional paths.", paths["people"])
                % {"people": paths["people"]},
            ]
        )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in AxisRating.objects.filter(workshop=workshop).values("axis_id", "light").annotate(n=Count("pk")):
        counts[row["axis_id"]][row["light"]] = row["n"]
    if not counts:
        return rows
    by_light: dict[str, list[str]] = defaultdict(list)
    hidden = 0
    for axis in AssessmentAxis.objects.filter(template_id=workshop.template_id).order_by("position", "pk"):
        lights = counts.get(axis.pk, {})
        if not lights:
            continue
        if sum(lights.values()) < MIN_RATERS:
            hidden += 1
            continue
        top = max(CAUTION, key=lambda light: (lights.get(light, 0), -CAUTION.index(light)))
        by_light[top].append(axis.name)
    parts = [f"{Light(light).label} — {', '.join(by_light[light])}" for light in reversed(CAUTION) if by_light[light]]
    if hidden:
        parts.append(
            ngettext(
                "%(count)s axis rated by fewer than 5 people is not shown",
                "%(count)s axes rated by fewer than 5 people are not shown",
                hidden,
            )
            % {"count": hidden}
        )
    rows.append([_("%(space)s: self-assessment") % {"space": space}, _cut(". ".join(parts) + ".")])
    return rows


def _lupa(workshop: Workshop, space: str) -> tuple[list[list[str]], list[tuple[str, float, float]]]:
    problems = list(workshop.problems.annotate(votes_count=Count("votes")).order_by("rank", "pk"))
    if not problems:
        return [], []
    if workshop.is_voting_closed:
        chosen = [p for p in problems if p.rank is not None and p.rank <= workshop.prioritised]
        text = _("Prioritised challenges: %(titles)s.") % {"titles": "; ".join(f"{p.rank}. {p.title}" for p in chosen)}
        top = max((p.votes_count for p in chosen), default=0) or 1
        bars = [(p.title, float(p.votes_count), float(top)) for p in chosen]
    else:
        text = _("Common problems named (the vote has not closed yet): %(titles)s.") % {
            "titles": "; ".join(p.title for p in problems)
        }
        bars = []
    return [[space, _cut(text)]], bars


def _construyendo(workshop: Workshop, space: str) -> list[list[str]]:
    rows = []
    for proposal in (
        workshop.proposals.select_related("problem").annotate(actions_count=Count("actions")).order_by("pk")
    ):
        text = _("«%(title)s», for the challenge «%(challenge)s»") % {
            "title": proposal.title,
            "challenge": proposal.challenge,
        }
        if proposal.objective:
            text += ": " + proposal.objective
        text += " " + ngettext("(%(count)s action).", "(%(count)s actions).", proposal.actions_count) % {
            "count": proposal.actions_count
        }
        rows.append([space, _cut(text)])
    agreements = list(
        ContinuityAgreement.objects.filter(proposal__workshop=workshop)
        .select_related("agreement")
        .order_by("horizon", "due_on", "pk")
    )
    for horizon in ContinuityAgreement.Horizon:
        these = [a for a in agreements if a.horizon == horizon]
        if these:
            listed = "; ".join(f"{a.text} ({a.current_status_display})" for a in these)
            label = _("Continuity agreements %(horizon)s") % {"horizon": horizon.label}
            rows.append([label, _cut(listed)])
    return rows


def _caligrama(workshop: Workshop, space: str) -> list[list[str]]:
    words = selectors.word_counts(workshop)
    calligram = Calligram.objects.filter(workshop=workshop).first()
    commitment = calligram.commitment if calligram else ""
    if not words and not commitment:
        return []
    parts = []
    if words:
        said = ", ".join(f"{text} ({count})" for text, count in words[:WORDS_SHOWN])
        parts.append(_("Our words: %(words)s") % {"words": said})
    if commitment:
        parts.append(_("Our commitment: «%(commitment)s»") % {"commitment": commitment})
    return [[space, _cut(". ".join(parts) + ".")]]


def register() -> None:
    # The same section serves the summary, the community progress report and the school report.
    for document in ("summary", "community"):
        extensions.register(extensions.ReportSection(document=document, section=workshop_products, order=ORDER))
    extensions.register(
        extensions.ReportSection(
            document="school", section=lambda school: workshop_products_of_school(school.pk), order=ORDER
        )
    )
