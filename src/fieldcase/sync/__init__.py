"""fieldcase.sync: change envelopes, bundles, transports and import.

- ``envelope`` / ``bundle``: the binary formats (docs/formats.md), strictly parsed;
- ``team`` / ``roster``: team keys, enrolment, revocation, rosters signed by the team key;
- ``verify`` → ``importer``: authenticate, decrypt, apply in one transaction;
- ``exporter``: changes → envelopes and bundles;
- ``transport`` with ``bundlefile.BundleFile``, ``folder.ExchangeFolder``,
  ``relay.RelayClient``: one interface, "put envelopes, get envelopes after cursor".
"""
