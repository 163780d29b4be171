/* Demo SMS inbox: what the demo platform "texted" to a number (phone sign-in codes).
 * Everything is inserted with textContent, never as HTML. */
(function () {
  'use strict';

  function item(text) {
    var li = document.createElement('li');
    li.textContent = text;
    return li;
  }

  function show(phone) {
    var status = document.getElementById('sms-status');
    var list = document.getElementById('sms-list');
    list.textContent = '';
    if (!/^1[3-9][0-9]{9}$/.test(phone)) {
      status.textContent = '请输入11位手机号';
      return;
    }
    status.textContent = '查询中…';
    fetch('/api/sms?phone=' + encodeURIComponent(phone), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        var messages = data.messages || [];
        status.textContent = messages.length ? '最近一小时的短信（最新在前）：' : '这个号码最近一小时没有收到短信。';
        messages.forEach(function (m) {
          list.appendChild(item(new Date(m.sent_at).toLocaleTimeString('zh-CN') + '  ' + m.text));
        });
      })
      .catch(function (code) {
        status.textContent = code === 404 ? '演示模式未开启，没有短信收件箱。' : '暂时查不到，请稍后再试。';
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var input = document.getElementById('phone');
    var params = new URLSearchParams(window.location.search);
    document.getElementById('show-btn').addEventListener('click', function () { show(input.value.trim()); });
    input.addEventListener('keydown', function (e) { if (e.key === 'Enter') { show(input.value.trim()); } });
    fetch('/api/personas', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        var phones = document.getElementById('persona-phones');
        (data.personas || []).forEach(function (p) {
          phones.appendChild(item(p.phone + '  ' + p.name + '（' + p.id + '）'));
        });
      })
      .catch(function () { /* the list is only a hint */ });
    if (params.get('phone')) {
      input.value = params.get('phone');
      show(input.value.trim());
    }
  });
})();
