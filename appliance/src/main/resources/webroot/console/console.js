/*
 * Agent console enhancements. Every page works without this script (plain forms); with it, the inbox and
 * the open conversation update live over /api/v1/live, and replies are sent without a page reload.
 * Text from customers is only ever inserted with textContent, never as HTML.
 */
(function () {
  'use strict';
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : null;

  function localiseTimes(scope) {
    (scope || document).querySelectorAll('time[datetime]').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d)) { t.textContent = d.toLocaleString(); t.title = t.getAttribute('datetime'); }
    });
  }

  function connectLive(onEvent) {
    var retry = 0;
    function open() {
      var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/live');
      ws.onopen = function () { retry = 0; document.body.classList.add('live'); };
      ws.onmessage = function (ev) {
        try { onEvent(JSON.parse(ev.data)); } catch (e) { /* ignore a frame we cannot read */ }
      };
      ws.onclose = function () {
        document.body.classList.remove('live');
        setTimeout(open, Math.min(15000, 500 * Math.pow(2, retry++)));
      };
    }
    open();
  }

  function setupInbox(section) {
    var box = section.querySelector('[data-fragment]');
    var pending = false;
    function refresh() {
      if (pending) { return; }
      pending = true;
      fetch(box.getAttribute('data-fragment'), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { box.innerHTML = html; localiseTimes(box); })
        .catch(function () { /* the next event retries */ })
        .then(function () { pending = false; });
    }
    connectLive(function () { refresh(); });
  }

  function appendMessage(list, m) {
    if (list.querySelector('[data-message-id="' + m.messageId + '"]')) { return; }
    var li = document.createElement('li');
    li.className = 'message author-' + m.author;
    li.setAttribute('data-message-id', m.messageId);
    li.setAttribute('data-seq', m.seq);
    var author = document.createElement('span');
    author.className = 'author';
    author.textContent = m.authorName || (m.author === 'visitor' ? 'Visitor' : 'System');
    var text = document.createElement('span');
    text.className = 'text';
    text.textContent = m.text;
    var time = document.createElement('time');
    time.setAttribute('datetime', m.at);
    li.appendChild(author); li.appendChild(text); li.appendChild(time);
    list.appendChild(li);
    localiseTimes(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  function setupConversation(section) {
    var id = section.getAttribute('data-conversation-id');
    var list = section.querySelector('#messages');
    var closingHere = false;
    var closeForm = section.querySelector('.close-form');
    if (closeForm) { closeForm.addEventListener('submit', function () { closingHere = true; }); }
    connectLive(function (ev) {
      if (ev.conversationId !== id) { return; }
      if (ev.message) { appendMessage(list, ev.message); }
      // Closed elsewhere: show it. Closed by this page: its own form is already taking the agent to the inbox.
      if (ev.type === 'conversation.closed' && !closingHere) { location.reload(); }
    });
    var form = document.getElementById('reply');
    if (!form) { return; }
    var textarea = form.querySelector('textarea');
    textarea.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = textarea.value.trim();
      if (!text) { return; }
      var idField = form.querySelector('input[name="clientMessageId"]');
      var button = form.querySelector('button');
      button.disabled = true;
      fetch('/api/v1/conversations/' + encodeURIComponent(id) + '/messages', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ clientMessageId: idField.value, text: text })
      }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (res) {
        if (!res.ok) { throw new Error(res.body.detail || 'not sent'); }
        appendMessage(list, res.body);
        textarea.value = '';
        idField.value = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
      }).catch(function (err) {
        alert('The reply was not sent: ' + err.message + '. It is safe to press Send again.');
      }).then(function () { button.disabled = false; textarea.focus(); });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    localiseTimes();
    var inbox = document.querySelector('[data-live="inbox"]');
    if (inbox) { setupInbox(inbox); }
    var conversation = document.querySelector('[data-live="conversation"]');
    if (conversation) { setupConversation(conversation); }
  });
})();
