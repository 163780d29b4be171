from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from .. import service
from ..deps import current_person_id, get_session
from ..schemas import LastFailedAttemptOut, PaymentAttemptListOut

router = APIRouter(prefix="/me/payment-attempts", tags=["me"])


@router.get("", response_model=PaymentAttemptListOut)
def my_payment_attempts(
    limit: int = Query(10, ge=1, le=100),
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
) -> PaymentAttemptListOut:
    """Newest first."""
    return service.list_payment_attempts(session, person_id, limit)


@router.get("/last-failed", response_model=LastFailedAttemptOut)
def my_last_failed_attempt(
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
) -> LastFailedAttemptOut:
    return service.last_failed_attempt(session, person_id)
