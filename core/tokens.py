from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Signs account-activation links. The hash covers ``is_active`` and the password, so a link stops working
    once the account is activated (and a reset link of the other generator cannot activate an account)."""

    key_salt = "core.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


invitation_token_generator = InvitationTokenGenerator()
