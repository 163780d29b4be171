from fastapi import APIRouter

from ..deps import PersonDep, SessionDep, SettingsDep
from ..schemas import ProfileOut
from ..services import profile

router = APIRouter(prefix="/me", tags=["me"])


@router.get("/profile", response_model=ProfileOut)
def my_profile(person_id: PersonDep, session: SessionDep, settings: SettingsDep) -> ProfileOut:
    return profile.get_profile(session, person_id, settings)
