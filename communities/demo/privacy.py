"""The demo's personal-data requests: a teacher asked for her surname to be
corrected on the school's staff, which an administrator did, and another
teacher's opposition still waits for an answer."""

from communities.models import DataRequest, User
from communities.services import privacy


def seed_data_requests(admin_email: str) -> None:
    if DataRequest.objects.exists():
        return
    admin = User.objects.get(email=admin_email)
    corrected = privacy.request_data_change(
        actor=User.objects.get(email="docente2@escuela-a.demo"),
        kind=DataRequest.Kind.RECTIFICATION,
        details="En la plantilla de la escuela mi segundo apellido aparece sin acento.",
    )
    privacy.answer_data_request(
        actor=admin,
        data_request=corrected,
        status=DataRequest.Status.DONE,
        resolution="Corregimos tu apellido en la plantilla de la escuela.",
    )
    privacy.request_data_change(
        actor=User.objects.get(email="docente3@escuela-a.demo"),
        kind=DataRequest.Kind.OPPOSITION,
        details="No quiero que mi nombre aparezca en el resumen de difusión.",
    )
