from fastapi import APIRouter

from ..deps import PersonDep, SessionDep
from ..schemas import FamilyBindingListOut
from ..services import profile

router = APIRouter(prefix="/me/family-bindings", tags=["me"])


@router.get("", response_model=FamilyBindingListOut)
def my_family_bindings(person_id: PersonDep, session: SessionDep) -> FamilyBindingListOut:
    return profile.list_family_bindings(session, person_id)
