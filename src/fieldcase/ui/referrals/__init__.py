"""Referral windows: the referral and status dialogs, consent, the letter PDF, the
directory editor. The rules live in :mod:`fieldcase.referrals` (Qt-free)."""
