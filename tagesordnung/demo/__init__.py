"""Demo data of the tagesordnung app (agendas, minutes); loaded only by
``manage.py load_demo``, never imported by product code."""
