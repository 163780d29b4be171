from fastapi import APIRouter

from ..deps import GuardDep, NowDep, PersonDep, SessionDep, user_context
from ..idempotency import run_once
from ..schemas import RegionListOut, SwitchShownRegionRequest
from ..services import regions

router = APIRouter(prefix="/me/regions", tags=["me"])


@router.get("", response_model=RegionListOut)
def my_regions(person_id: PersonDep, session: SessionDep) -> RegionListOut:
    return regions.list_regions(session, person_id)


@router.put("/shown", response_model=RegionListOut)
def switch_shown_region(
    body: SwitchShownRegionRequest,
    person_id: PersonDep,
    session: SessionDep,
    now: NowDep,
    guard: GuardDep,
) -> RegionListOut:
    """参保地切换 among the person's existing records (404 region_not_found otherwise)."""
    ctx = user_context(body.channel, body.conversation_id)
    return run_once(session, guard, person_id, body,
                    lambda: regions.switch_shown_region(session, person_id, body.region_code, ctx, now))
