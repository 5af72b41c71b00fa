"""The development e-mail backends show a message as a person reads it."""

import io

from django.core.mail import EmailMultiAlternatives

from cas_project.mail import ConsoleBackend, FileBackend


def _message() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Invitación a la CAS de la Secundaria «Sor Juana»",
        body="Hola, Itzel:\n\nTe invitamos a la comunidad.\n",
        from_email="CAS <no-responder@cas.local>",
        to=["itzel@escuela-b.demo"],
    )
    message.attach_alternative("<p>Hola</p>", "text/html")
    return message


def test_the_console_shows_the_subject_decoded_and_the_text_body():
    stream = io.StringIO()
    assert ConsoleBackend(stream=stream).send_messages([_message()]) == 1
    printed = stream.getvalue()
    assert "Subject: Invitación a la CAS de la Secundaria «Sor Juana»" in printed
    assert "To: itzel@escuela-b.demo" in printed
    assert "Te invitamos a la comunidad." in printed
    assert "=?utf-8?" not in printed and "Content-Transfer-Encoding" not in printed


def test_the_file_backend_writes_one_readable_file_per_message(tmp_path):
    assert FileBackend(file_path=tmp_path / "mail").send_messages([_message(), _message()]) == 2
    files = sorted((tmp_path / "mail").iterdir())
    assert len(files) == 2
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("From: CAS <no-responder@cas.local>\nTo: itzel@escuela-b.demo\nSubject: Invitación")
    assert "(also sent as HTML)" in text
