"""Exchange pages: points and rewards (``points``), national files and transfers (``records``)."""
