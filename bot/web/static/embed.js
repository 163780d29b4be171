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
 * data-init-payload   sent when a new conversation opens; default "/greet", "" for none
 * data-storage        "session" (default: the conversation lives as long as the tab, survives
 *                     reloads) or "local" (survives closing the browser)
 * data-open           "true": open the chat when the page loads
 * data-message-delay  milliseconds before each bot message shows (default: by message length)
 *
 * The widget itself (rasa-webchat 1.0.1, window.WebChat) is loaded from widget.js next to this file.
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

  function token() {
    var provider = d.tokenProvider && window[d.tokenProvider];
    if (typeof provider !== 'function') { return null; }
    try {
      var value = provider();
      return typeof value === 'string' && value ? value : null;
    } catch (e) {
      return null;
    }
  }

  // rasa-webchat renders quick replies as <div>s: make them real buttons for keyboards and
  // screen readers (role, focus, Enter/Space).
  function makeRepliesButtons(root) {
    var replies = root.querySelectorAll('.rw-reply:not([role])');
    Array.prototype.forEach.call(replies, function (reply) {
      if (reply.tagName === 'A') { return; }  // web_url buttons are links already
      reply.setAttribute('role', 'button');
      reply.setAttribute('tabindex', '0');
      reply.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          reply.click();
        }
      });
    });
  }

  function init() {
    if (!window.WebChat || typeof window.WebChat.default !== 'function') {
      console.error('医保支付助手 embed.js: widget.js did not load');
      return;
    }
    var signedInToken = token();
    var props = {
      socketUrl: d.socketUrl,
      socketPath: d.socketPath || '/socket.io/',
      title: d.title || '医保支付助手',
      subtitle: d.subtitle || '',
      inputTextFieldHint: d.placeholder || '请输入您的问题…',
      connectingText: '正在连接…',
      initPayload: d.initPayload === undefined ? '/greet' : d.initPayload,
      customData: signedInToken ? { token: signedInToken } : {},
      params: { storage: d.storage === 'local' ? 'local' : 'session' },
      hideWhenNotConnected: false,
      withRules: false,
      showMessageDate: false,
      displayUnreadCount: false
    };
    var delay = parseInt(d.messageDelay, 10);
    if (!isNaN(delay) && delay >= 0) {
      props.customMessageDelay = function () { return delay; };
    }
    var mount = document.createElement('div');
    mount.id = 'yibao-webchat';
    document.body.appendChild(mount);
    new MutationObserver(function () { makeRepliesButtons(mount); })
      .observe(mount, { childList: true, subtree: true });
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

  function start() {
    if (window.WebChat) { init(); return; }
    var loader = document.createElement('script');
    loader.src = new URL('widget.js', script.src).href;
    loader.async = true;
    loader.onload = init;
    loader.onerror = function () { console.error('医保支付助手 embed.js: cannot load ' + loader.src); };
    document.head.appendChild(loader);
  }

  if (document.body) { start(); } else { document.addEventListener('DOMContentLoaded', start); }
})();
