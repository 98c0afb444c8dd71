"""fieldcase.server: the relay server, a blind store-and-forward log per team.

It stores envelope bytes (ciphertext it cannot open), signed rosters and
public keys, and hands envelopes back in cursor order to team members who
sign their requests (docs/sync-protocol.md). It never imports ``vault``,
``forms``, ``ui`` or ``sync``: nothing here ever sees a case.

- :func:`fieldcase.server.app.create_app` builds the FastAPI application over a
  :class:`fieldcase.server.storage.Storage`;
- :class:`fieldcase.server.storage.SqliteStorage` is the default storage;
- :func:`fieldcase.server.main.main` is the ``fieldcase-server`` command.
"""
