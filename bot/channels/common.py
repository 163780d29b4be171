"""What every channel of ours shares."""

# Sent when the assistant produced no reply at all (e.g. the action server is down), so that
# a person is never left with silence. Everything else the assistant says lives in domain.yml.
NO_REPLY_FALLBACK = "抱歉，我这边暂时出了点问题，没能处理您的消息。请稍后再试，或拨打医保服务热线12393。"
