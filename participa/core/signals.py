"""Signals that ``core`` and ``spaces`` send to the layers above them, which they never import
(import-linter's layers: lib ← core ← spaces ← shared services ← components)."""

from django.dispatch import Signal

# A person created something they should follow from now on (a group, a space). Sent inside the
# creating transaction with ``user`` and ``target``; the notifications app makes the follow.
created_by_person = Signal()

# A person's account is being deleted (anonymised). Sent inside the deleting transaction with
# ``user`` and ``acting_user``; the shared services that keep personal data of their own (the
# verifications' declared addresses) erase it. Components erase theirs through their manifest
# (``PersonalDataPolicy.erase``).
person_erased = Signal()
