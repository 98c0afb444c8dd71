"""Referrals: the service directory, consent per recipient, referral records, letters.

Qt-free. Everything a referral or a consent records is an ordinary case
field written through the change log (``CaseStore.save``), so it syncs and
merges like every other field; the paths are documented in
``docs/referrals.md`` and built in :mod:`fieldcase.referrals.records`.
"""
