from datetime import datetime

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .. import service
from ..deps import current_person_id, get_now, get_session
from ..schemas import WalletOut

router = APIRouter(prefix="/me", tags=["me"])


@router.get("/wallet", response_model=WalletOut)
def my_wallet(
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> WalletOut:
    """Personal account; used_today restarts at 00:00 Beijing time."""
    return service.get_wallet(session, person_id, now)
