"""Insured regions (参保地) and switching the one the code page shows."""
from __future__ import annotations

from datetime import datetime
from typing import List

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import schemas
from ..models import InsuredRegion
from .base import AuditContext, ServiceError, fresh, get_person, person_write


def person_regions(session: Session, person_id: str) -> List[InsuredRegion]:
    stmt = select(InsuredRegion).where(InsuredRegion.person_id == person_id).order_by(InsuredRegion.id)
    return list(session.execute(fresh(stmt)).scalars())


def _region_list(regions: List[InsuredRegion]) -> schemas.RegionListOut:
    return schemas.RegionListOut(
        regions=[
            schemas.RegionOut(region_code=r.region_code, region_name=r.region_name, is_real=r.is_real, shown=r.shown)
            for r in regions
        ]
    )


def list_regions(session: Session, person_id: str) -> schemas.RegionListOut:
    get_person(session, person_id)
    return _region_list(person_regions(session, person_id))


def switch_shown_region(
    session: Session, person_id: str, region_code: str, ctx: AuditContext, now: datetime
) -> schemas.RegionListOut:
    """参保地切换: pick which existing record the code page shows. Idempotent."""
    with person_write(session, person_id, ctx, now) as write:
        regions = person_regions(session, person_id)
        target = next((r for r in regions if r.region_code == region_code), None)
        if target is None:
            raise ServiceError("not_found", "region_not_found")
        current = next((r for r in regions if r.shown), None)
        if current is not None and current.region_code == region_code:
            unchanged = _region_list(regions)
            write.discard()  # nothing to write: release the lock, no audit entry
            return unchanged
        # Clear first, then set: the partial unique index allows only one shown row at a time.
        session.execute(
            update(InsuredRegion)
            .where(InsuredRegion.person_id == person_id, InsuredRegion.shown.is_(True))
            .values(shown=False)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(InsuredRegion)
            .where(InsuredRegion.id == target.id)
            .values(shown=True)
            .execution_options(synchronize_session=False)
        )
        write.audit(
            "region.switch_shown",
            before={"shown_region_code": current.region_code if current else None},
            after={"shown_region_code": region_code},
        )
    return _region_list(person_regions(session, person_id))
