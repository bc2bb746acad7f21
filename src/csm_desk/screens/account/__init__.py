"""The account screen: overview, searchable timeline, metrics and contacts (``tabs``).
The app opens it on ``OpenAccount``; its quick actions are shared with the queue
(``screens/account_actions.py``)."""

from csm_desk.screens.account.screen import AccountScreen

__all__ = ["AccountScreen"]
