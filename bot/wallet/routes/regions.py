from datetime import datetime

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .. import service
from ..deps import current_person_id, get_now, get_session, user_context
from ..idempotency import WriteGuard, run_once, write_guard
from ..schemas import RegionListOut, SwitchShownRegionRequest

router = APIRouter(prefix="/me/regions", tags=["me"])


@router.get("", response_model=RegionListOut)
def my_regions(
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
) -> RegionListOut:
    return service.list_regions(session, person_id)


@router.put("/shown", response_model=RegionListOut)
def switch_shown_region(
    body: SwitchShownRegionRequest,
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
    guard: WriteGuard = Depends(write_guard),
) -> RegionListOut:
    """参保地切换 among the person's existing records (404 region_not_found otherwise)."""
    ctx = user_context(body.channel, body.conversation_id)
    return run_once(session, guard, person_id, body,
                    lambda: service.switch_shown_region(session, person_id, body.region_code, ctx, now))
