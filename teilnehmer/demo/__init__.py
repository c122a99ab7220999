"""Demo data of the teilnehmer app (address books, invitations); loaded only by
``manage.py load_demo``, never imported by product code."""
