"""Documents, mails and history texts are German whatever language a request
or a worker runs in: their wording comes from the catalogues (English msgids,
German msgstr), and this decorator makes sure the German one is used."""

import functools

from django.utils import translation

#: The language of everything SiKo writes down: exports, mails, history.
DOCUMENT_LANGUAGE = "de"


def in_document_language(func):
    """Run ``func`` with the document language active."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(DOCUMENT_LANGUAGE):
            return func(*args, **kwargs)

    wrapper.in_document_language = True  # tests/test_document_language.py
    return wrapper


def document_text(message, **params):
    """``message`` (a lazy msgid) in the document language, with ``params``
    filled in: for texts stored as they are, such as history change reasons."""
    with translation.override(DOCUMENT_LANGUAGE):
        text = str(message)
    return text % params if params else text
