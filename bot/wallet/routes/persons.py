"""Operator view by person id (service key only, no user token)."""
from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.orm import Session

from .. import service
from ..config import WalletSettings
from ..deps import get_session, get_settings
from ..schemas import PERSON_ID_PATTERN, AuditLogOut, ProfileOut

router = APIRouter(prefix="/persons", tags=["operator"])


@router.get("/{person_id}", response_model=ProfileOut)
def person_profile(
    person_id: str = Path(..., pattern=PERSON_ID_PATTERN),
    session: Session = Depends(get_session),
    settings: WalletSettings = Depends(get_settings),
) -> ProfileOut:
    return service.get_profile(session, person_id, settings)


@router.get("/{person_id}/audit-log", response_model=AuditLogOut)
def person_audit_log(
    person_id: str = Path(..., pattern=PERSON_ID_PATTERN),
    limit: int = Query(200, ge=1, le=1000),
    session: Session = Depends(get_session),
) -> AuditLogOut:
    """Oldest first (the newest `limit` entries)."""
    return service.audit_log(session, person_id, limit)
