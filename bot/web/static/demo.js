/* Demo page: sign in as a demo persona through this site's /signin (the site asks the wallet
 * server-side), keep the token for this tab, and hand it to the widget (data-token-provider).
 * Signing in, out or as someone else starts a new conversation, so one conversation never
 * mixes two people. Tab-scoped storage: closing the tab forgets the token and the chat. */
(function () {
  'use strict';
  var KEY = 'yibao.demo.signin';
  var CHAT_KEY = 'chat_session';  // rasa-webchat's conversation state (params.storage: "session")

  function current() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(KEY) || 'null');
      if (saved && saved.token && (!saved.expires_at || Date.parse(saved.expires_at) > Date.now())) {
        return saved;
      }
    } catch (e) { /* unreadable: treat as signed out */ }
    return null;
  }

  window.yibaoDemoToken = function () {
    var saved = current();
    return saved ? saved.token : null;
  };

  // The widget shows this name masked (data-name-provider), so the chat says who is signed in.
  window.yibaoDemoName = function () {
    var saved = current();
    return saved ? saved.name : null;
  };

  function restart(signin) {
    if (signin) {
      window.sessionStorage.setItem(KEY, JSON.stringify(signin));
    } else {
      window.sessionStorage.removeItem(KEY);
    }
    window.sessionStorage.removeItem(CHAT_KEY);
    window.location.reload();
  }

  function setStatus(text, isError) {
    var status = document.getElementById('signin-status');
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  document.addEventListener('DOMContentLoaded', function () {
    var select = document.getElementById('persona');
    var signinBtn = document.getElementById('signin-btn');
    var signoutBtn = document.getElementById('signout-btn');
    var situation = document.getElementById('persona-situation');
    var signedIn = current();
    var situations = {};

    if (signedIn) {
      setStatus('当前：已登录为 ' + signedIn.name + '（' + signedIn.persona + '）');
      signoutBtn.hidden = false;
    }

    fetch('/api/personas', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        (data.personas || []).forEach(function (p) {
          var option = document.createElement('option');
          option.value = p.id;
          option.textContent = p.name + '（' + p.id + '）';  // textContent: never parsed as HTML
          situations[p.id] = p.situation;
          select.appendChild(option);
        });
        if (!data.demo) { setStatus('演示登录未开启，仅可匿名访问'); }
        if (signedIn) { select.value = signedIn.persona; }
        select.dispatchEvent(new Event('change'));
        document.body.setAttribute('data-personas-loaded', 'true');
      })
      .catch(function () {
        setStatus('演示人物列表暂时无法加载，可先匿名访问', true);
        document.body.setAttribute('data-personas-loaded', 'error');
      });

    select.addEventListener('change', function () {
      situation.textContent = select.value ? '情况：' + (situations[select.value] || '') : '';
    });

    signinBtn.addEventListener('click', function () {
      var persona = select.value;
      if (!persona) { restart(null); return; }  // 匿名访问
      signinBtn.disabled = true;
      fetch('/signin', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ persona: persona })
      })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (session) {
          restart({ token: session.token, name: session.name, persona: persona,
                    expires_at: session.expires_at });
        })
        .catch(function () {
          signinBtn.disabled = false;
          setStatus('登录失败，请稍后再试', true);
        });
    });

    signoutBtn.addEventListener('click', function () { restart(null); });
  });
})();
