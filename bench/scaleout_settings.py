"""Settings of the scale-out run (bench/scaleout.py): the product's settings;
only the mail goes to files, so that the run can count every sent mail."""

import os

from konferenz.settings import *  # noqa: F403

EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
