"""Escuela-a's Difusión summary, as the director left it in draft while the
tutor reviews the move to Difusión: the words are written, the agreements
kept are picked; publishing waits for the phase."""

from communities.demo.story import person
from communities.models import Community, DiffusionSummary
from communities.services.diffusion import kept_agreements, save_summary

HEADLINE = "Lo que aprendimos sobre la convivencia en el aula: cinco docentes, un ciclo"
MESSAGE = (
    "Este ciclo cinco docentes y la dirección nos reunimos cada quince días para mejorar el clima en el aula "
    "a partir del Diagnóstico del Ambiente Escolar. Aplicamos las lecciones de autorregulación de Construye T "
    "en primer semestre, nos observamos entre pares y registramos lo que funcionó en la bitácora.\n\n"
    "Los reportes por conflictos en el aula bajaron y más estudiantes nombran sus emociones antes de un examen. "
    "Les invitamos a sumarse el próximo ciclo: basta con una hora cada quince días y las ganas de mirar "
    "la propia práctica con colegas."
)


def seed_summary_draft(slug: str = "escuela-a") -> None:
    director = person(f"director@{slug}.demo")
    community = Community.objects.active().filter(director=director).first()
    if community is None or DiffusionSummary.objects.filter(community=community).exists():
        return
    save_summary(
        actor=director,
        community=community,
        headline=HEADLINE,
        message=MESSAGE,
        agreements=list(kept_agreements(community)[:4]),
    )
