"""Business logic of the simulated platform, one module per resource (as in ../routes/).

No HTTP here: routes translate ServiceError. Every write that changes a person's records runs
in `base.person_write` (lock the person, re-read, change, audit, commit).
"""
from .base import AuditContext, ServiceError

__all__ = ["AuditContext", "ServiceError"]
