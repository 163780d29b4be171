/* 医保支付助手 chat widget: add it to any page with one tag.
 *
 *   <script src="https://<widget host>/embed.js"
 *           data-socket-url="https://<Rasa server>"
 *           data-title="医保支付助手"
 *           data-token-provider="getYibaoToken"></script>
 *
 * data-socket-url     Rasa server (socket.io channel); required. The page's origin must be listed
 *                     in the Rasa server's WEB_ALLOWED_ORIGINS, or the connection is refused.
 * data-socket-path    default "/socket.io/"
 * data-title, data-subtitle, data-placeholder   texts of the widget
 * data-token-provider name of a global function returning the signed-in person's token (or null);
 *                     the token goes with every message as customData → Rasa message metadata
 * data-name-provider  name of a global function returning the signed-in person's name; the chat
 *                     shows it masked (孙*, 赵*娟), or 匿名访问 when nobody is signed in
 * data-init-payload   sent when a new conversation opens; default "/greet", "" for none
 * data-storage        "session" (default: the conversation lives as long as the tab, survives
 *                     reloads) or "local" (survives closing the browser)
 * data-open           "true": open the chat when the page loads
 * data-message-delay  milliseconds before each bot message shows (default: by message length)
 * data-reply-timeout  seconds to wait for an answer before saying none came (default 45)
 *
 * The widget itself (rasa-webchat 1.0.1, window.WebChat) is loaded from widget.js next to this
 * file (the site serves it patched: no Google font, one socket, see bot/web/bundle.py), with
 * static/chat-glue.js (typing indicator, no double sending, connection notice and outbox,
 * starter buttons, accessibility, link labels) and static/embed.css.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) { return; }
  var d = script.dataset;
  if (!d.socketUrl) {
    console.error('医保支付助手 embed.js: data-socket-url is required');
    return;
  }
  var TEXT = {
    anonymous: '匿名访问',
    signedIn: function (name) { return name ? '已登录：' + name : '已登录'; }
  };

  function global(name) {
    var provider = name && window[name];
    if (typeof provider !== 'function') { return null; }
    try {
      var value = provider();
      return typeof value === 'string' && value ? value : null;
    } catch (e) {
      return null;
    }
  }

  function maskName(name) {
    var chars = Array.from(name.trim());
    if (chars.length <= 1) { return chars.join(''); }
    if (chars.length === 2) { return chars[0] + '*'; }
    return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
  }

  function init() {
    if (!window.WebChat || typeof window.WebChat.default !== 'function' || !window.yibaoChatGlue) {
      console.error('医保支付助手 embed.js: widget.js or chat-glue.js did not load');
      return;
    }
    var glue = window.yibaoChatGlue({ replyTimeoutMs: (parseInt(d.replyTimeout, 10) || 45) * 1000 });
    var signedInToken = global(d.tokenProvider);
    var name = global(d.nameProvider);
    var identity = signedInToken ? TEXT.signedIn(name ? maskName(name) : '') : TEXT.anonymous;
    var props = {
      socketUrl: d.socketUrl,
      socketPath: d.socketPath || '/socket.io/',
      title: d.title || '医保支付助手',
      subtitle: identity + (d.subtitle ? ' · ' + d.subtitle : ''),
      inputTextFieldHint: d.placeholder || '请输入您的问题…',
      connectingText: '正在连接…',
      initPayload: d.initPayload === undefined ? '/greet' : d.initPayload,
      customData: signedInToken ? { token: signedInToken } : {},
      params: { storage: d.storage === 'local' ? 'local' : 'session' },
      hideWhenNotConnected: false,
      withRules: false,
      showMessageDate: false,
      displayUnreadCount: false,
      onSocketEvent: glue.socketEvents,  // registered by the widget on its (one) socket
      innerRef: glue.setApi               // the widget's sendMessage(payload, text)
    };
    var delay = parseInt(d.messageDelay, 10);
    if (!isNaN(delay) && delay >= 0) {
      props.customMessageDelay = function () { return delay; };
    }
    var mount = document.createElement('div');
    mount.id = 'yibao-webchat';
    mount.setAttribute('data-identity', identity);
    document.body.appendChild(mount);
    glue.attach(mount);
    window.WebChat.default(props, mount);
    if (d.open === 'true') {
      var tries = 0;
      var opener = window.setInterval(function () {
        var launcher = mount.querySelector('.rw-launcher');
        if (launcher || ++tries > 50) {
          window.clearInterval(opener);
          if (launcher && !mount.querySelector('.rw-conversation-container')) { launcher.click(); }
        }
      }, 100);
    }
  }

  function load(file, then) {
    var loader = document.createElement('script');
    loader.src = new URL(file, script.src).href;
    loader.async = true;
    loader.onload = then;
    loader.onerror = function () { console.error('医保支付助手 embed.js: cannot load ' + loader.src); };
    document.head.appendChild(loader);
  }

  function start() {
    var style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = new URL('static/embed.css', script.src).href;
    document.head.appendChild(style);
    var withWidget = function () { if (window.WebChat) { init(); } else { load('widget.js', init); } };
    if (window.yibaoChatGlue) { withWidget(); } else { load('static/chat-glue.js', withWidget); }
  }

  if (document.body) { start(); } else { document.addEventListener('DOMContentLoaded', start); }
})();
