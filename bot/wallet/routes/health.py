from fastapi import APIRouter

from ..schemas import StatusOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=StatusOut)
def healthz() -> StatusOut:
    return StatusOut(status="ok")
