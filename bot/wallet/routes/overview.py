from fastapi import APIRouter

from ..deps import NowDep, PersonDep, SessionDep, SettingsDep
from ..schemas import OverviewOut
from ..services import profile, wallet

router = APIRouter(prefix="/me", tags=["me"])


@router.get("/overview", response_model=OverviewOut)
def my_overview(person_id: PersonDep, session: SessionDep, settings: SettingsDep, now: NowDep) -> OverviewOut:
    """What a diagnosis reads, in one request: the three reads one after another here cost one
    sign-in check and one database session, where three requests cost three of each and three
    HTTP round trips on the diagnosis turn (docs/benchmarks.md)."""
    return OverviewOut(profile=profile.get_profile(session, person_id, settings),
                       wallet=wallet.get_wallet(session, person_id, now),
                       last_failed_attempt=wallet.last_failed_attempt(session, person_id).attempt)
