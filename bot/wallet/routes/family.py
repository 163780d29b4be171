from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .. import service
from ..deps import current_person_id, get_session
from ..schemas import FamilyBindingListOut

router = APIRouter(prefix="/me/family-bindings", tags=["me"])


@router.get("", response_model=FamilyBindingListOut)
def my_family_bindings(
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
) -> FamilyBindingListOut:
    return service.list_family_bindings(session, person_id)
