"""E-mail backends for a developer's machine: each message as a person reads it
(headers decoded, the plain-text body), not as raw MIME.

- `FileBackend`, the default when EMAIL_BACKEND is not set: one file per message
  in EMAIL_FILE_PATH (var/mail/), so `make run` keeps its console for the URL
  and the accounts.
- `ConsoleBackend`: the same text on standard output, when asked for with
  EMAIL_BACKEND=cas_project.mail.ConsoleBackend.
"""

import sys
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

RULE = "-" * 72


def readable(message: EmailMessage) -> str:
    lines = [
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
        f"Subject: {message.subject}",
    ]
    if message.extra_headers.get("Message-ID"):
        lines.append(f"Message-ID: {message.extra_headers['Message-ID']}")
    if getattr(message, "alternatives", None):
        lines.append("(also sent as HTML)")
    lines += ["", message.body.rstrip(), ""]
    return "\n".join(lines)


class ConsoleBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages) -> int:
        with self._lock:
            for message in email_messages:
                self.stream.write(f"{RULE}\n{readable(message)}{RULE}\n")
            self.stream.flush()
        return len(email_messages)


class FileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
        for message in email_messages:
            # Several workers write here at once: a name no other message can have.
            path = self.directory / f"{stamp}-{uuid.uuid4().hex[:12]}.txt"
            path.write_text(readable(message), encoding="utf-8")
        return len(email_messages)
