"""The respondents' short addresses, under /d/ (the QR code of each slip opens
/d/<code>/, see diagnostics.slips.answer_url). No account is needed."""

from django.urls import path

from diagnostics.views import answering

app_name = "answer"

urlpatterns = [
    path("", answering.enter, name="enter"),
    path("gracias/", answering.thanks, name="thanks"),
    path("<str:code>/", answering.start, name="start"),
    path("<str:code>/<int:number>/", answering.section, name="section"),
    path("<str:code>/enviar/", answering.review, name="review"),
]
