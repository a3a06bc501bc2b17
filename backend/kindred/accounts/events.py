"""What happens to accounts, announced by the accounts services (kindred.common.events). The
notifications app turns each into one email; none carries a secret (links are made when the email is
written)."""

from kindred.common.events import Event

confirmation_needed = Event("confirmation_needed")
"""A new account (or someone asking again) needs its address confirmed. ``user``."""

registration_repeated = Event("registration_repeated")
"""Someone tried to register with an address that already has an account. ``user`` (the owner)."""

password_reset_requested = Event("password_reset_requested")
"""Someone asked for a password-reset link for an account. ``user``."""

password_changed = Event("password_changed")
"""The password was changed or reset. ``user``."""

email_change_requested = Event("email_change_requested")
"""The owner asked to move the account to ``user.pending_email``. ``user``."""
