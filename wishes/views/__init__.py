"""Pages of the wish loop: public filing and following (``public``), the volunteers' and
staff's work (``work``), and the statistics (``stats``). Views only translate HTTP to
services and back; a WishError becomes a message beside its field, never a 500."""
