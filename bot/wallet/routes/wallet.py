from fastapi import APIRouter

from ..deps import NowDep, PersonDep, SessionDep
from ..schemas import WalletOut
from ..services import wallet

router = APIRouter(prefix="/me", tags=["me"])


@router.get("/wallet", response_model=WalletOut)
def my_wallet(person_id: PersonDep, session: SessionDep, now: NowDep) -> WalletOut:
    """Personal account; used_today restarts at 00:00 Beijing time."""
    return wallet.get_wallet(session, person_id, now)
