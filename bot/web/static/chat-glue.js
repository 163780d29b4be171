/* 医保支付助手 chat widget, part 2: what rasa-webchat 1.0.1 lacks, added around it by embed.js.
 *
 * - a typing indicator from the moment a message is sent until the answer arrives;
 * - the same text sent again while the first is still pending is not sent (the input stays usable);
 * - 「连接中断，正在重连…」 while the socket is down; what is typed meanwhile is listed as 未发送 and
 *   sent on reconnect with a notice;
 * - starter buttons on a first visit; accessible names, a live region for replies, keyboard
 *   operable quick replies; links in replies shown with a short label.
 *
 * Lives beside the widget's React tree: a panel inserted above the text box, and capture-phase
 * listeners on the mount that run before the widget's own handlers (React 16 listens on the
 * document and on the form) and can stop them.
 */
(function () {
  'use strict';

  window.yibaoChatGlue = function (options) {
    var replyTimeoutMs = options.replyTimeoutMs;
    var STARTERS = ['付款失败了', '怎么激活医保码', '忘记支付密码', '手机验证', '转人工'];
    var TEXT = {
      typing: '助手正在回复…',
      offline: '连接中断，正在重连…',
      reconnected: '已重新连接。',
      resent: function (n) { return '已重新连接，已补发您离线时输入的 ' + n + ' 条消息。'; },
      queued: '未发送（恢复连接后自动发送）：',
      duplicate: '这条消息正在处理，请稍候，不用重复发送。',
      noReply: '暂时没有收到回复，请稍后再发一次，或拨打医保服务热线12393。',
      starters: '您可以直接点选：',
      launcherOpen: '打开在线客服：医保支付助手',
      launcherClose: '关闭在线客服',
      input: '输入您的问题',
      send: '发送',
      messages: '对话记录',
      site: function (host) { return '（网站：' + host + '）'; }
    };
    var LINK_LABELS = [[/\/pin-reset\//, '打开重置页面'], [/\/sms(\?|$)/, '打开演示短信收件箱']];

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text) { node.textContent = text; }  // textContent: never parsed as HTML
      return node;
    }

    // ---- state -------------------------------------------------------------------------------
    var mount = null;
    var api = null;              // the widget's imperative handle: sendMessage(payload, text)
    var connected = false;       // a session is confirmed on a live socket
    var everConnected = false;   // before that, a refusal is not "reconnecting"
    var pending = {};            // text → timer: sent, no answer yet
    var outbox = [];             // typed while offline, sent on reconnect
    var ui = {};

    function online() { return connected && navigator.onLine !== false; }
    function pendingCount() { return Object.keys(pending).length; }

    // ---- the panel under the messages: notices, typing indicator, outbox, starter buttons ----
    function buildPanel() {
      ui.panel = el('div', 'yb-panel');
      ui.connection = el('div', 'yb-connection');
      ui.connection.setAttribute('role', 'status');
      ui.connection.hidden = true;
      ui.notice = el('div', 'yb-notice');
      ui.notice.setAttribute('role', 'status');
      ui.notice.hidden = true;
      ui.typing = el('div', 'yb-typing');
      ui.typing.setAttribute('role', 'status');
      ui.typing.hidden = true;
      var dots = el('span', 'yb-dots');
      dots.setAttribute('aria-hidden', 'true');
      dots.appendChild(el('span')); dots.appendChild(el('span')); dots.appendChild(el('span'));
      ui.typing.appendChild(dots);
      ui.typing.appendChild(el('span', 'yb-typing-text', TEXT.typing));
      ui.outbox = el('ul', 'yb-outbox');
      ui.outbox.setAttribute('aria-label', '未发送的消息');
      ui.outbox.hidden = true;
      ui.starters = el('div', 'yb-starters');
      ui.starters.setAttribute('role', 'group');
      ui.starters.setAttribute('aria-label', TEXT.starters);
      ui.starters.hidden = true;
      ui.starters.appendChild(el('p', 'yb-starters-title', TEXT.starters));
      STARTERS.forEach(function (label) {
        var button = el('button', 'yb-starter', label);
        button.type = 'button';
        button.addEventListener('click', function () { sendText(label); });
        ui.starters.appendChild(button);
      });
      [ui.connection, ui.notice, ui.outbox, ui.typing, ui.starters].forEach(function (node) {
        ui.panel.appendChild(node);
      });
    }

    var noticeTimer = null;
    function notify(text, keepMs) {
      ui.notice.textContent = text;
      ui.notice.hidden = false;
      window.clearTimeout(noticeTimer);
      noticeTimer = window.setTimeout(function () { ui.notice.hidden = true; }, keepMs || 6000);
    }

    function render() {
      ui.typing.hidden = !(pendingCount() && online());
      var offline = !online() && everConnected;
      if (offline === ui.connection.hidden) {  // changed: text set as it shows, so it is announced
        ui.connection.hidden = !offline;
        ui.connection.textContent = offline ? TEXT.offline : '';
      }
      while (ui.outbox.firstChild) { ui.outbox.removeChild(ui.outbox.firstChild); }
      outbox.forEach(function (text) {
        var item = el('li', 'yb-unsent');
        item.appendChild(el('span', 'yb-unsent-label', TEXT.queued));
        item.appendChild(el('span', 'yb-unsent-text', text));
        ui.outbox.appendChild(item);
      });
      ui.outbox.hidden = outbox.length === 0;
      if (mount) { mount.classList.toggle('yb-offline', offline); }
      updateStarters();
    }

    // ---- sending -----------------------------------------------------------------------------
    function markPending(text) {
      pending[text] = window.setTimeout(function () {
        delete pending[text];
        if (!pendingCount()) { notify(TEXT.noReply, 15000); }
        render();
      }, replyTimeoutMs);
      render();
    }

    function answered() {
      Object.keys(pending).forEach(function (text) { window.clearTimeout(pending[text]); });
      pending = {};
      render();
    }

    /* What to do with a message the person sends: 'send' it, keep it for later ('queued'), or
     * drop it as a resend of one still being answered ('duplicate'). */
    function admit(text) {
      if (!online() && everConnected) {
        outbox.push(text);
        render();
        return 'queued';
      }
      if (Object.prototype.hasOwnProperty.call(pending, text)) {
        notify(TEXT.duplicate);
        return 'duplicate';
      }
      markPending(text);
      return 'send';
    }

    function sendText(text) {
      if (admit(text) === 'send' && api) { api.sendMessage(text, text); }
    }

    function flushOutbox() {
      var queued = outbox;
      outbox = [];
      var sent = 0;
      queued.forEach(function (text) {
        if (Object.prototype.hasOwnProperty.call(pending, text)) { return; }
        markPending(text);
        api.sendMessage(text, text);
        sent += 1;
      });
      render();
      notify(sent ? TEXT.resent(sent) : TEXT.reconnected);
    }

    function setNativeValue(field, value) {
      // React tracks the value it last saw; the prototype setter plus an input event makes it
      // notice (the send button's state follows the text box).
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(field, value);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }

    // Capture phase on the mount: runs before the widget's own handlers, which it can stop.
    function onSubmit(event) {
      var form = event.target;
      if (!form || !form.classList || !form.classList.contains('rw-sender')) { return; }
      var field = form.querySelector('.rw-new-message');
      var text = field ? field.value.trim() : '';
      if (!text) { return; }
      if (admit(text) === 'send') { return; }  // the widget sends it
      event.preventDefault();
      event.stopPropagation();
      setNativeValue(field, '');
    }

    function onClick(event) {
      var reply = event.target.closest && event.target.closest('.rw-reply');
      if (!reply || reply.tagName === 'A' || !mount.contains(reply)) { return; }
      var text = reply.textContent.trim();
      if (!online() && everConnected) {
        notify(TEXT.offline);  // a button answers the last message: no sense in sending it later
      } else if (admit(text) === 'send') {
        return;  // the widget sends its payload
      }
      event.preventDefault();
      event.stopPropagation();
    }

    function onKeydown(event) {
      // Quick replies are <div>s made buttons (enhance): Enter and Space press them.
      var target = event.target;
      if (target.classList && target.classList.contains('rw-reply') && target.tagName !== 'A' &&
          (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        target.click();
      }
    }

    // ---- what the widget renders: names, live region, buttons, links, panel placement -------
    var wasOpen = false;
    var focusOnEnable = false;

    function enhance() {
      var launcher = mount.querySelector('.rw-launcher');
      var container = mount.querySelector('.rw-conversation-container');
      if (launcher) {
        launcher.setAttribute('aria-label', container ? TEXT.launcherClose : TEXT.launcherOpen);
        launcher.setAttribute('aria-expanded', container ? 'true' : 'false');
        if (launcher.tagName !== 'BUTTON' && !launcher.hasAttribute('role')) {
          launcher.setAttribute('role', 'button');
          launcher.setAttribute('tabindex', '0');
        }
      }
      if (!container) { focusOnEnable = false; wasOpen = false; return; }
      if (!wasOpen) { wasOpen = true; focusOnEnable = true; }
      var field = container.querySelector('.rw-new-message');
      if (field) {
        field.setAttribute('aria-label', TEXT.input);
        // Offline the widget disables the text box. Once connected before, keep it usable: what
        // is typed goes to the outbox (onSubmit) instead of being lost.
        if (field.disabled && everConnected) { field.disabled = false; }
        // The widget's text box takes the focus as it mounts (autoFocus); on a loaded machine
        // that focus was once seen not to land (a fresh-clone test run, 2026-11-30). So, once
        // per opening and once the box is usable, give it the focus if it is still on the
        // launcher or nowhere: never taken from something the person chose meanwhile.
        if (focusOnEnable && !field.disabled) {
          focusOnEnable = false;
          var active = document.activeElement;
          if (!active || active === document.body || (launcher && launcher.contains(active))) { field.focus(); }
        }
      }
      var send = container.querySelector('.rw-send');
      if (send) { send.setAttribute('aria-label', TEXT.send); }
      var icon = container.querySelector('.rw-send svg');
      if (icon) { icon.setAttribute('aria-hidden', 'true'); icon.setAttribute('focusable', 'false'); }
      var log = container.querySelector('.rw-messages-container');
      if (log && log.getAttribute('role') !== 'log') {
        log.setAttribute('role', 'log');
        log.setAttribute('aria-live', 'polite');
        log.setAttribute('aria-label', TEXT.messages);
        log.setAttribute('tabindex', '0');  // scrollable: reachable by keyboard
      }
      Array.prototype.forEach.call(container.querySelectorAll('.rw-header button, .rw-close-button'),
        function (button) { if (!button.getAttribute('aria-label')) { button.setAttribute('aria-label', TEXT.launcherClose); } });
      Array.prototype.forEach.call(container.querySelectorAll('.rw-avatar, .rw-header img'), function (img) {
        if (!img.hasAttribute('alt')) { img.setAttribute('alt', ''); }
      });
      Array.prototype.forEach.call(container.querySelectorAll('.rw-reply:not([role])'), function (reply) {
        if (reply.tagName === 'A') { return; }  // web_url buttons are links already
        reply.setAttribute('role', 'button');
        reply.setAttribute('tabindex', '0');
      });
      Array.prototype.forEach.call(container.querySelectorAll('.rw-response a[href]:not([data-yb-link])'),
        labelLink);
      var sender = container.querySelector('.rw-sender');
      if (sender && ui.panel.nextSibling !== sender) { container.insertBefore(ui.panel, sender); }
      updateStarters();
    }

    function labelLink(link) {
      link.setAttribute('data-yb-link', '');
      var href = link.getAttribute('href');
      var url;
      try { url = new URL(href, window.location.href); } catch (e) { return; }
      if (link.textContent.trim().indexOf(url.protocol + '//') !== 0) { return; }  // labelled already
      var label = '打开链接';
      LINK_LABELS.forEach(function (rule) { if (rule[0].test(url.pathname + url.search)) { label = rule[1]; } });
      link.textContent = label;
      link.title = href;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      // The reply asks to compare the address bar with the link: keep the site visible.
      var site = el('span', 'yb-link-site', TEXT.site(url.host));
      link.parentNode.insertBefore(site, link.nextSibling);
    }

    function updateStarters() {
      if (!ui.starters || !mount) { return; }
      var first = !mount.querySelector('.rw-client') && !!mount.querySelector('.rw-message:not(.rw-typing-indication) .rw-response') &&
        !pendingCount() && !outbox.length;
      ui.starters.hidden = !first;
    }

    // ---- socket events (registered by the widget on its one socket) --------------------------
    var socketEvents = {
      session_confirm: function () {
        var was = everConnected;
        connected = true;
        everConnected = true;
        render();
        // After the widget's own handler (which stores the session) has run.
        window.setTimeout(function () {
          if (was && outbox.length && online()) { flushOutbox(); } else if (was) { notify(TEXT.reconnected); }
        }, 0);
      },
      bot_uttered: function () { answered(); },
      disconnect: function (reason) {
        if (reason === 'io client disconnect') { return; }  // the page is going away
        connected = false;
        render();
      },
      connect_error: function () { connected = false; render(); }
    };

    function attach(node) {
      mount = node;
      buildPanel();
      mount.addEventListener('submit', onSubmit, true);
      mount.addEventListener('click', onClick, true);
      mount.addEventListener('keydown', onKeydown, true);
      window.addEventListener('offline', function () { render(); });
      window.addEventListener('online', function () {
        render();
        if (outbox.length && online()) { flushOutbox(); }
      });
      var scheduled = false;
      new MutationObserver(function () {
        if (scheduled) { return; }
        scheduled = true;
        window.requestAnimationFrame(function () { scheduled = false; enhance(); });
      }).observe(mount, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
    }

    return { socketEvents: socketEvents, attach: attach, setApi: function (handle) { api = handle; } };
  };
})();
