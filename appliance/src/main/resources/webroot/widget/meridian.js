/*
 * Meridian chat widget. Embed with one tag:
 *   <script src="https://support.example.com/widget/meridian.js" defer></script>
 * It talks to the node it was loaded from, over the protocol in docs/api.md. Messages are kept in
 * localStorage until the server acknowledges them, and resent after a reconnect with the same
 * clientMessageId, so a dropped connection neither loses nor duplicates a message.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var origin = new URL(script.src, location.href);
  var wsUrl = (origin.protocol === 'https:' ? 'wss://' : 'ws://') + origin.host + '/widget/ws';
  var KEY = 'meridian.chat.' + origin.host;

  var state = load();
  var socket = null;
  var ready = false;
  var retry = 0;
  var seen = {};

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY)) || {};
      return { token: s.token || null, pending: s.pending || [], open: !!s.open };
    } catch (e) {
      return { token: null, pending: [], open: false };
    }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: memory only */ }
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // ---- view (inside a shadow root so the host page's CSS cannot break it, nor ours break the page) ----
  var host = document.createElement('div');
  host.setAttribute('data-meridian-widget', '');
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = origin.origin + '/widget/meridian.css';
  root.appendChild(style);

  var launcher = el('button', 'launcher', 'Chat with us');
  launcher.type = 'button';
  launcher.setAttribute('aria-expanded', 'false');
  var panel = el('section', 'panel');
  panel.setAttribute('aria-label', 'Chat');
  var head = el('header', 'head');
  head.appendChild(el('span', 'title', 'Chat'));
  var statusEl = el('span', 'status', 'Connecting…');
  statusEl.setAttribute('role', 'status');
  head.appendChild(statusEl);
  var list = el('ol', 'messages');
  list.setAttribute('aria-live', 'polite');
  var form = el('form', 'composer');
  var input = el('textarea', 'input');
  input.rows = 2;
  input.placeholder = 'Type your message…';
  input.setAttribute('aria-label', 'Message');
  var send = el('button', 'send', 'Send');
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(list);
  panel.appendChild(form);
  root.appendChild(launcher);
  root.appendChild(panel);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  function setOpen(open) {
    state.open = open; save();
    panel.classList.toggle('open', open);
    launcher.setAttribute('aria-expanded', String(open));
    if (open) { input.focus(); connect(); }
  }
  launcher.addEventListener('click', function () { setOpen(!state.open); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : submit(e); }
  });
  form.addEventListener('submit', submit);

  function submit(e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    var m = { clientMessageId: newId(), text: text };
    state.pending.push(m); save();
    input.value = '';
    render({ clientMessageId: m.clientMessageId, author: 'visitor', text: text, pending: true });
    transmit(m);
  }

  function render(m) {
    var key = m.messageId || ('c:' + m.clientMessageId);
    var existing = m.clientMessageId ? list.querySelector('[data-client-id="' + cssId(m.clientMessageId) + '"]') : null;
    if (m.messageId && seen[m.messageId]) { return; }
    if (m.messageId) { seen[m.messageId] = true; }
    var item = existing || el('li', 'message');
    item.className = 'message ' + (m.author === 'visitor' ? 'mine' : 'theirs') + (m.pending ? ' pending' : '');
    if (m.clientMessageId) { item.setAttribute('data-client-id', m.clientMessageId); }
    item.setAttribute('data-key', key);
    item.textContent = '';
    if (m.author !== 'visitor' && m.authorName) { item.appendChild(el('span', 'author', m.authorName)); }
    item.appendChild(el('span', 'text', m.text));
    if (!existing) { list.appendChild(item); }
    list.scrollTop = list.scrollHeight;
  }
  function cssId(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, ''); }
  function setStatus(text) { statusEl.textContent = text; }

  // ---- connection ----
  function connect() {
    if (socket && socket.readyState <= 1) { return; }
    setStatus('Connecting…');
    socket = new WebSocket(wsUrl);
    socket.onopen = function () {
      retry = 0;
      socket.send(JSON.stringify({
        type: 'hello', visitorToken: state.token, lastSeq: 0,
        locale: (navigator.languages && navigator.languages[0]) || navigator.language,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone
      }));
    };
    socket.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f.type === 'welcome') {
        ready = true;
        state.token = f.visitorToken; save();
        list.textContent = ''; seen = {};
        (f.messages || []).forEach(render);
        state.pending.forEach(function (m) {
          render({ clientMessageId: m.clientMessageId, author: 'visitor', text: m.text, pending: true });
          transmit(m);
        });
        setStatus(f.status === 'closed' ? 'Conversation closed' : 'Online');
      } else if (f.type === 'ack') {
        state.pending = state.pending.filter(function (m) { return m.clientMessageId !== f.clientMessageId; });
        save();
        render(f.message);
        setStatus('Online');
      } else if (f.type === 'message') {
        render(f.message);
      } else if (f.type === 'conversation.closed') {
        setStatus('Conversation closed');
      } else if (f.type === 'error') {
        setStatus(f.reason || 'Error');
      }
    };
    socket.onclose = function () {
      ready = false;
      setStatus('Reconnecting…');
      var delay = Math.min(30000, 500 * Math.pow(2, retry++)) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  }
  function transmit(m) {
    if (socket && socket.readyState === 1 && ready) {
      socket.send(JSON.stringify({ type: 'message', clientMessageId: m.clientMessageId, text: m.text }));
    }
  }

  function mount() {
    document.body.appendChild(host);
    if (state.open || state.pending.length) { setOpen(true); }
  }
  if (document.body) { mount(); } else { document.addEventListener('DOMContentLoaded', mount); }

  // For tests and host pages: a small, stable handle.
  window.MeridianChat = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); }
  };
})();
