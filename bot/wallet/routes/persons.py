"""Operator view by person id (service key only, no user token)."""
from fastapi import APIRouter, Path, Query

from ..deps import SessionDep, SettingsDep
from ..schemas import PERSON_ID_PATTERN, AuditLogOut, ProfileOut
from ..services import audit, profile

router = APIRouter(prefix="/persons", tags=["operator"])


@router.get("/{person_id}", response_model=ProfileOut)
def person_profile(
    session: SessionDep,
    settings: SettingsDep,
    person_id: str = Path(..., pattern=PERSON_ID_PATTERN),
) -> ProfileOut:
    return profile.get_profile(session, person_id, settings)


@router.get("/{person_id}/audit-log", response_model=AuditLogOut)
def person_audit_log(
    session: SessionDep,
    person_id: str = Path(..., pattern=PERSON_ID_PATTERN),
    limit: int = Query(200, ge=1, le=1000),
) -> AuditLogOut:
    """Oldest first (the newest `limit` entries)."""
    return audit.audit_log(session, person_id, limit)
