"""The diagnostic's pages: a school's campaigns (`school`), their results (`results`), the questionnaire
answered online with a code and without an account (`answering`), and the
paper questionnaire with its capture screen (`paper`)."""
