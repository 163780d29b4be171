from fastapi import APIRouter

from ..deps import NowDep, SessionDep, SettingsDep
from ..schemas import SessionOut, WechatSessionRequest
from ..services import sessions

router = APIRouter(prefix="/wechat", tags=["wechat"])


@router.post("/session", response_model=SessionOut)
def wechat_session(body: WechatSessionRequest, session: SessionDep, settings: SettingsDep, now: NowDep) -> SessionOut:
    """Exchange a bound WeChat openid for a user token (404 openid_not_bound otherwise)."""
    return sessions.session_for_openid(session, body.openid, settings, now)
