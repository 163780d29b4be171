from datetime import datetime

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .. import service
from ..config import WalletSettings
from ..deps import get_now, get_session, get_settings
from ..schemas import SessionOut, WechatSessionRequest

router = APIRouter(prefix="/wechat", tags=["wechat"])


@router.post("/session", response_model=SessionOut)
def wechat_session(
    body: WechatSessionRequest,
    session: Session = Depends(get_session),
    settings: WalletSettings = Depends(get_settings),
    now: datetime = Depends(get_now),
) -> SessionOut:
    """Exchange a bound WeChat openid for a user token (404 openid_not_bound otherwise)."""
    return service.session_for_openid(session, body.openid, settings, now)
