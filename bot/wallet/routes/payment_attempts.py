from fastapi import APIRouter, Query

from ..deps import PersonDep, SessionDep
from ..schemas import LastFailedAttemptOut, PaymentAttemptListOut
from ..services import wallet

router = APIRouter(prefix="/me/payment-attempts", tags=["me"])


@router.get("", response_model=PaymentAttemptListOut)
def my_payment_attempts(
    person_id: PersonDep,
    session: SessionDep,
    limit: int = Query(10, ge=1, le=100),
) -> PaymentAttemptListOut:
    """Newest first."""
    return wallet.list_payment_attempts(session, person_id, limit)


@router.get("/last-failed", response_model=LastFailedAttemptOut)
def my_last_failed_attempt(person_id: PersonDep, session: SessionDep) -> LastFailedAttemptOut:
    return wallet.last_failed_attempt(session, person_id)
