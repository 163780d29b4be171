from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .. import service
from ..config import WalletSettings
from ..deps import current_person_id, get_session, get_settings
from ..schemas import ProfileOut

router = APIRouter(prefix="/me", tags=["me"])


@router.get("/profile", response_model=ProfileOut)
def my_profile(
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
    settings: WalletSettings = Depends(get_settings),
) -> ProfileOut:
    return service.get_profile(session, person_id, settings)
