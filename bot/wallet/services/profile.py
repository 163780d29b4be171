"""Who the person is: profile (credential, PIN state, regions) and family bindings."""
from __future__ import annotations

from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import schemas
from ..config import WalletSettings
from ..models import Credential, FamilyBinding, InsuredRegion, PinCredential
from .base import get_person, mask_phone
from .regions import person_regions

INSURANCE_TYPE_LABELS = {"employee": "职工医保", "resident": "居民医保"}
RELATION_LABELS = {"child": "子女", "spouse": "配偶", "parent": "父母", "sibling": "兄弟姐妹"}


def _region_ref(regions: List[InsuredRegion], attr: str) -> Optional[schemas.RegionRef]:
    for region in regions:
        if getattr(region, attr):
            return schemas.RegionRef(code=region.region_code, name=region.region_name)
    return None


def get_profile(session: Session, person_id: str, settings: WalletSettings) -> schemas.ProfileOut:
    person = get_person(session, person_id)
    credential = session.get(Credential, person_id)
    pin = session.get(PinCredential, person_id)
    regions = person_regions(session, person_id)
    return schemas.ProfileOut(
        id=person.id,
        name=person.name,
        id_number_masked=person.id_number_masked,
        phone_masked=mask_phone(person.phone),
        insurance_type=person.insurance_type,
        insurance_type_label=INSURANCE_TYPE_LABELS[person.insurance_type],
        credential=schemas.CredentialOut(
            status=credential.status,
            activated_channels=list(credential.activated_channels or []),
            police_record_name_matches=credential.police_record_name == person.name,
        ),
        pin=schemas.PinStateOut(
            locked=bool(pin and pin.locked),
            failed_tries=pin.failed_tries if pin else 0,
            max_tries=settings.pin_max_tries,
        ),
        shown_region=_region_ref(regions, "shown"),
        real_region=_region_ref(regions, "is_real"),
    )


def list_family_bindings(session: Session, person_id: str) -> schemas.FamilyBindingListOut:
    get_person(session, person_id)
    stmt = select(FamilyBinding).where(FamilyBinding.binder_person_id == person_id).order_by(FamilyBinding.id)
    return schemas.FamilyBindingListOut(
        family_bindings=[
            schemas.FamilyBindingOut(
                id=b.id,
                member_name_masked=b.member_name_masked,
                relation=b.relation,
                relation_label=RELATION_LABELS.get(b.relation, b.relation),
                member_region_code=b.member_region_code,
                member_region_name=b.member_region_name,
                tier=b.tier,
                is_child=b.is_child,
                needs_chc=b.needs_chc,
                chc_bound=b.chc_bound,
                bound_at=b.bound_at,
            )
            for b in session.execute(stmt).scalars()
        ]
    )
