/*
 * Agent console enhancements. Every page works without this script (plain forms); with it, the inbox and
 * the open conversation update live over /api/v1/live, and replies are sent without a page reload.
 * Text from customers is only ever inserted with textContent, never as HTML.
 */
(function () {
  'use strict';
  // Names and messages as shown (what is stored is unchanged), as the server's pages show them: bidirectional
  // controls, which could make text read backwards, are dropped; other invisible control characters show as U+FFFD.
  function shown(s) {
    return String(s == null ? '' : s).replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, '')
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '\uFFFD');
  }
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : null;

  // Dates in the agent's language and time zone (settings page), as the server renders them: <html lang> and
  // data-time-zone. Times the server already formatted are left alone; empty or raw ISO ones are filled in.
  var root = document.documentElement;
  var timeFormat = (function () {
    try {
      return new Intl.DateTimeFormat(root.lang || undefined,
        { dateStyle: 'medium', timeStyle: 'short', timeZone: root.getAttribute('data-time-zone') || undefined });
    } catch (e) {
      return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
  })();
  function localiseTimes(scope) {
    (scope || document).querySelectorAll('time[datetime]').forEach(function (t) {
      var iso = t.getAttribute('datetime');
      var shown = t.textContent.trim();
      if (shown && shown !== iso) { return; }
      var d = new Date(iso);
      if (!isNaN(d)) { t.textContent = timeFormat.format(d); t.title = iso; }
    });
  }

  // onOpen (optional) runs on every (re)connection, e.g. to catch up on events missed while disconnected.
  function connectLive(onEvent, onOpen) {
    var retry = 0;
    function open() {
      var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/live');
      ws.onopen = function () {
        retry = 0;
        document.body.classList.add('live');
        if (onOpen) { onOpen(); }
      };
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

  // An @mention by a colleague: a notice with a link to the conversation (text inserted with textContent only).
  // Notices for the agent on every page: a colleague's mention, a conversation another region's routing gave them, or
  // a service-level target of their ticket about to be missed or missed.
  // Returns whether the event was one.
  function notice(ev) {
    if (ev.type !== 'mention' && ev.type !== 'region.given' && ev.type !== 'ticket.sla') { return false; }
    var box = document.getElementById('mentions');
    if (!box) {
      box = document.createElement('div');
      box.id = 'mentions';
      box.className = 'mentions';
      box.setAttribute('role', 'status');
      document.body.insertBefore(box, document.body.firstChild);
    }
    var item = document.createElement('p');
    item.className = 'notice-ok mention';
    var link = document.createElement('a');
    var text, values;
    // The words come from the page's language (data attributes the server rendered from the bundle).
    if (ev.type === 'mention') {
      link.href = '/console/conversations/' + encodeURIComponent(ev.conversationId);
      text = document.body.getAttribute('data-mention') || '{0}: {1}';
      values = [shown(ev.from || document.body.getAttribute('data-mention-someone') || ''), shown(ev.text || '')];
    } else if (ev.type === 'ticket.sla') {
      link.href = '/console/tickets/' + encodeURIComponent(ev.number);
      text = document.body.getAttribute(ev.breach ? 'data-sla-breach' : 'data-sla-warning') || '{0}';
      values = [shown(ev.number || ''), ''];
      item.className = ev.breach ? 'error mention' : 'notice-ok mention';
    } else {
      link.href = '/console/regions/' + encodeURIComponent(ev.region) + '/conversations/'
        + encodeURIComponent(ev.conversationId);
      text = document.body.getAttribute('data-region-given') || '{0}';
      values = [shown(ev.region || ''), ''];
    }
    link.textContent = text.replace(/\{([01])\}/g, function (all, i) { return values[Number(i)]; });
    item.appendChild(link);
    box.appendChild(item);
    return true;
  }

  // The search form keeps what the agent is typing: only the rail and the results are redrawn under it.
  function redrawInbox(box, html) {
    var next = document.createElement('div');
    next.innerHTML = html;
    if (box.querySelector('form.search') && next.querySelector('.view-results')) {
      box.querySelector('nav.views').replaceWith(next.querySelector('nav.views'));
      box.querySelector('.view-results').replaceWith(next.querySelector('.view-results'));
    } else {
      box.innerHTML = html;
    }
    localiseTimes(box);
  }

  // The inbox's rail and list are redrawn from the server when any event arrives: at most one fetch at a time, and
  // one more after it if events came in meanwhile, so the counts never stay behind the last event.
  function setupInbox(section) {
    var box = section.querySelector('[data-fragment]');
    var pending = false, again = false;
    function refresh() {
      if (pending) { again = true; return; }
      pending = true;
      fetch(box.getAttribute('data-fragment'), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { redrawInbox(box, html); })
        .catch(function () { /* the next event retries */ })
        .then(function () { pending = false; if (again) { again = false; refresh(); } });
    }
    // Another region's changes (ids and counts, at most one a second per region): its count in the rail is set in
    // place; its list, drawn from what its node answers, is asked again only while shown, at most every 3 seconds.
    var regionAsked = 0, regionSoon = null;
    function regionChanged(ev) {
      var link = box.querySelector('a[data-view="region:' + ev.region + '"]');
      var count = link && link.querySelector('.view-count');
      if (link && !count) {
        count = document.createElement('span');
        count.className = 'view-count';
        link.appendChild(document.createTextNode(' '));
        link.appendChild(count);
      }
      if (count) { count.textContent = String(ev.open); }
      if (box.getAttribute('data-fragment') !== '/console/inbox?view=region:' + ev.region || regionSoon) { return; }
      regionSoon = setTimeout(function () {
        regionSoon = null;
        regionAsked = Date.now();
        refresh();
      }, Math.max(0, regionAsked + 3000 - Date.now()));
    }
    connectLive(function (ev) {
      if (notice(ev)) { return; }
      if (ev.type === 'typing') { return; } // changes nothing in the list
      if (ev.type === 'region.changed') { regionChanged(ev); return; }
      refresh();
    });
    setInterval(refresh, 60000); // waiting times grow without events
  }

  function appendMessage(list, m) {
    if (list.querySelector('[data-message-id="' + m.messageId + '"]')) { return; }
    var li = document.createElement('li');
    li.className = 'message author-' + m.author;
    li.setAttribute('data-message-id', m.messageId);
    li.setAttribute('data-seq', m.seq);
    var author = document.createElement('span');
    author.className = 'author';
    author.textContent = shown(m.authorName || (m.author === 'visitor'
      ? list.getAttribute('data-label-visitor') || m.author : list.getAttribute('data-label-system') || m.author));
    var text = document.createElement('span');
    text.className = 'text';
    text.textContent = shown(m.text);
    var time = document.createElement('time');
    time.setAttribute('datetime', m.at);
    li.appendChild(author); li.appendChild(text); li.appendChild(time);
    list.appendChild(li);
    localiseTimes(li);
    li.scrollIntoView({ block: 'nearest' });
    // Live events carry the text only; a customer's files are listed from the REST API, as the page lists them.
    if (m.attachments) { showFiles(list, li, m.attachments); } else if (m.author === 'visitor') { fetchFiles(list, li, m); }
  }

  function fetchFiles(list, li, m) {
    fetch('/api/v1/conversations/' + encodeURIComponent(m.conversationId) + '/messages?after=' + (m.seq - 1)
      + '&limit=1', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (body) {
        var found = (body.messages || []).filter(function (x) { return x.messageId === m.messageId; })[0];
        if (found && found.attachments) { showFiles(list, li, found.attachments); }
      })
      .catch(function () { /* the files show when the page is next drawn */ });
  }

  function showFiles(list, li, files) {
    if (!files.length || li.querySelector('.attachments')) { return; }
    var sizeLabel = list.getAttribute('data-size-label') || '{0} B';
    var ul = document.createElement('ul');
    ul.className = 'attachments';
    files.forEach(function (f) {
      var a = document.createElement('a');
      a.className = 'attachment';
      a.setAttribute('href', '/console/attachments/' + encodeURIComponent(f.id));
      a.setAttribute('download', '');
      a.textContent = f.name + ' (' + sizeLabel.replace('{0}', String(f.sizeBytes)) + ')';
      var item = document.createElement('li');
      item.appendChild(a);
      ul.appendChild(item);
    });
    li.insertBefore(ul, li.querySelector('time'));
  }

  // A translation into this agent's language that was still on its way when the page was drawn.
  function fillTranslation(list, ev) {
    var li = list.querySelector('[data-message-id="' + ev.messageId + '"]');
    var box = li && li.querySelector('.translation');
    if (!box || box.getAttribute('data-target') !== ev.language) { return; }
    if (box.getAttribute('data-status') === 'TRANSLATED') { return; }
    var pending = box.querySelector('.translation-pending');
    if (pending) { pending.remove(); }
    var text = document.createElement('span');
    text.className = 'translated-text';
    text.textContent = shown(ev.text);
    box.insertBefore(text, box.firstChild);
    box.setAttribute('data-status', 'TRANSLATED');
    box.classList.remove('silent');
  }

  function setupConversation(section) {
    var id = section.getAttribute('data-conversation-id');
    var list = section.querySelector('#messages');
    // Open on the newest messages, as a chat does.
    if (list) { list.scrollTop = list.scrollHeight; }
    var closingHere = false;
    var closeForm = section.querySelector('.close-form');
    if (closeForm) { closeForm.addEventListener('submit', function () { closingHere = true; }); }
    // "The customer is typing…" for a few seconds after each notice (the widget repeats it while they type).
    var typingNote = section.querySelector('.typing-note');
    var typingTimer = null;
    function customerTyping() {
      if (!typingNote) { return; }
      typingNote.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typingNote.hidden = true; }, 6000);
    }
    connectLive(function (ev) {
      if (notice(ev)) { return; }
      if (ev.conversationId !== id) { return; }
      if (ev.type === 'typing') { customerTyping(); return; }
      if (ev.message && ev.message.author === 'visitor' && typingNote) { typingNote.hidden = true; }
      if (ev.message) { appendMessage(list, ev.message); }
      if (ev.type === 'translation') { fillTranslation(list, ev); }
      // Closed elsewhere: show it. Closed by this page: its own form is already taking the agent to the inbox.
      if (ev.type === 'conversation.closed' && !closingHere) { location.reload(); }
      // Reopened by the customer (an e-mail answering it): show the reply form again.
      if (ev.type === 'conversation.opened' && ev.reopened) { location.reload(); }
    });
    var form = document.getElementById('reply');
    if (!form) { return; }
    var textarea = form.querySelector('textarea');
    textarea.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    setupCannedReplies(form, textarea, id);
    // The customer sees "Ana is typing…" while the agent writes: one notice every three seconds at most.
    var lastTyping = 0;
    textarea.addEventListener('input', function () {
      var now = Date.now();
      if (now - lastTyping < 3000 || !textarea.value.trim()) { return; }
      lastTyping = now;
      fetch('/api/v1/conversations/' + encodeURIComponent(id) + '/typing', {
        method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf }
      }).catch(function () { /* only a courtesy */ });
    });
    form.addEventListener('submit', function (e) {
      // The translation review step is a page of its own: let the browser post the form there.
      var target = (e.submitter && e.submitter.getAttribute('formaction')) || form.getAttribute('action') || '';
      if (/\/reply-review$/.test(target)) { return; }
      // A reply with files is posted by the browser as the form it is (multipart); the page reloads with it.
      var picked = form.querySelector('input[type="file"]');
      if (picked && picked.files && picked.files.length > 0) { return; }
      e.preventDefault();
      var text = textarea.value.trim();
      if (!text) { return; }
      var button = form.querySelector('button');
      button.disabled = true;
      checkLanguage(text).then(function (warned) {
        if (warned) { button.disabled = false; textarea.focus(); return; }
        send(text, button);
      });
    });
    // Before a reply goes: if its text is clearly in another language than the agent's settings say, say so once
    // (it will be translated from the language it is written in); Send again sends it. A failed check never blocks.
    var warning = form.querySelector('.language-warning');
    var confirmed = null;
    textarea.addEventListener('input', function () { if (warning) { warning.hidden = true; } confirmed = null; });
    function checkLanguage(text) {
      if (!warning || text === confirmed) { return Promise.resolve(false); }
      return fetch('/api/v1/conversations/' + encodeURIComponent(id) + '/reply-language', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ text: text })
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (found) {
        if (!found || !found.differs) { return false; }
        confirmed = text;
        var values = [languageName(found.language), languageName(found.expected)];
        warning.textContent = (form.getAttribute('data-language-warning') || '{0} / {1}')
          .replace(/\{([01])\}/g, function (all, i) { return values[Number(i)]; });
        warning.hidden = false;
        return true;
      }).catch(function () { return false; });
    }
    function languageName(code) {
      try {
        return new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'language' }).of(code);
      } catch (e) { return code; }
    }
    function send(text, button) {
      var idField = form.querySelector('input[name="clientMessageId"]');
      fetch('/api/v1/conversations/' + encodeURIComponent(id) + '/messages', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ clientMessageId: idField.value, text: text })
      }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
      }).then(function (res) {
        if (!res.ok) { throw new Error(res.body.detail || ('HTTP ' + res.status)); }
        appendMessage(list, res.body);
        textarea.value = '';
        if (warning) { warning.hidden = true; }
        confirmed = null;
        idField.value = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
      }).catch(function (err) {
        var notSent = form.getAttribute('data-not-sent') || '{0}';
        alert(notSent.replace('{0}', function () { return err.message; }));
      }).then(function () { button.disabled = false; textarea.focus(); });
    }
  }

  // Canned replies: "/" at the start of the reply box lists the agent's replies whose shortcut or title matches what
  // follows; Up/Down choose, Enter or a click puts the text (in the customer's language when there is one) in the box,
  // Escape closes the list. The server fills the text's {{customer.name}}, {{agent.name}} and {{order.number}}.
  function setupCannedReplies(form, textarea, conversationId) {
    var menu = document.createElement('ul');
    menu.className = 'canned-menu';
    menu.setAttribute('role', 'listbox');
    menu.hidden = true;
    form.appendChild(menu);
    var items = [], active = 0;
    function close() { menu.hidden = true; items = []; }
    function draw() {
      menu.textContent = '';
      if (!items.length) { close(); return; }
      items.forEach(function (s, i) {
        var li = document.createElement('li');
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', String(i === active));
        li.setAttribute('data-shortcut', s.shortcut);
        var code = document.createElement('code');
        code.textContent = '/' + s.shortcut;
        li.appendChild(code);
        li.appendChild(document.createTextNode(' ' + shown(s.title) + ' '));
        var lang = document.createElement('span');
        lang.className = 'canned-language' + (s.customersLanguage ? ' customers' : '');
        lang.textContent = s.language;
        li.appendChild(lang);
        li.addEventListener('mousedown', function (e) { e.preventDefault(); insert(i); });
        menu.appendChild(li);
      });
      menu.hidden = false;
    }
    function insert(i) {
      textarea.value = items[i].text;
      close();
      textarea.focus();
      textarea.dispatchEvent(new Event('input'));
    }
    textarea.addEventListener('input', function () {
      var m = /^\/(\S{0,40})$/.exec(textarea.value);
      if (!m) { close(); return; }
      var asked = textarea.value;
      fetch('/api/v1/conversations/' + encodeURIComponent(conversationId) + '/canned-replies?q='
          + encodeURIComponent(m[1]), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body || textarea.value !== asked) { return; } // typed on meanwhile: a newer answer follows
          items = body.suggestions || [];
          active = 0;
          draw();
        }).catch(function () { /* no suggestions; typing goes on */ });
    });
    textarea.addEventListener('keydown', function (e) {
      if (menu.hidden) { return; }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
        draw();
        e.preventDefault();
      } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        insert(active);
        e.preventDefault();
      } else if (e.key === 'Escape') {
        close();
        e.preventDefault();
        e.stopPropagation();
      }
    });
    textarea.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  // The routing page's board (my conversations, queues, agents' presence and load) is redrawn from the server when a
  // routing, presence or closing event arrives (at most about four times a second), after a reconnection (events may
  // have been missed), and once a minute (teams open and close with the clock). The select shows my own presence.
  var BOARD_EVENTS = ['conversation.routed', 'conversation.assigned', 'conversation.closed', 'agent.presence',
    'routing.setup'];
  function setupRouting(section) {
    var box = section.querySelector('[data-fragment]');
    var me = section.getAttribute('data-agent-id');
    var select = section.querySelector('select[name="presence"]');
    var pending = false, again = false, timer = null, connections = 0;
    function refresh() {
      if (pending) { again = true; return; }
      pending = true;
      fetch(box.getAttribute('data-fragment'), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { box.innerHTML = html; localiseTimes(box); })
        .catch(function () { /* the next event or the minute's refresh retries */ })
        .then(function () { pending = false; if (again) { again = false; soon(); } });
    }
    function soon() {
      if (!timer) { timer = setTimeout(function () { timer = null; refresh(); }, 250); }
    }
    connectLive(function (ev) {
      if (notice(ev)) { return; }
      if (ev.type === 'agent.presence' && ev.agentId === me && select && ev.presence) { select.value = ev.presence; }
      if (BOARD_EVENTS.indexOf(ev.type) >= 0) { soon(); }
    }, function () { if (connections++ > 0) { soon(); } });
    setInterval(refresh, 60000);
  }

  // The server renders dates in the agent's chosen time zone, else in the browser's, which it learns from this cookie.
  function rememberTimeZone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) { return; }
    var value = encodeURIComponent(zone);
    if (document.cookie.split('; ').indexOf('meridian_tz=' + value) >= 0) { return; }
    document.cookie = 'meridian_tz=' + value + '; path=/; max-age=31536000; SameSite=Strict'
      + (location.protocol === 'https:' ? '; Secure' : '');
  }

  // Keyboard shortcuts, away from text fields: j / k move through the inbox's conversations (Enter opens one),
  // / goes to the inbox's search box, r to the reply box, n to the internal note, Escape leaves a field.
  function setupShortcuts() {
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === 'Escape' && typing) { t.blur(); return; }
      if (typing || e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (e.key === 'j' || e.key === 'k') {
        var links = Array.prototype.slice.call(document.querySelectorAll('li.conversation > a'));
        if (!links.length) { return; }
        var at = links.indexOf(document.activeElement);
        var next = e.key === 'j' ? Math.min(links.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
        links[next].focus();
        e.preventDefault();
      } else if (e.key === '/') {
        var search = document.querySelector('[data-search-box]');
        if (search) { search.focus(); search.select(); e.preventDefault(); }
      } else if (e.key === 'r' || e.key === 'n') {
        var field = document.getElementById(e.key === 'r' ? 'reply-text' : 'note-text');
        if (field) { field.focus(); e.preventDefault(); }
      }
    });
  }

  // A conversation of another region: its page is drawn from what the home region's node answered, and asks it again
  // for newer messages when that region says the conversation changed (region.changed on the live socket), on every
  // (re)connection, and every 30 seconds; it appends them as the policy let them through.
  function setupRegionConversation(section) {
    var list = section.querySelector('ol.messages');
    var url = '/api/v1/regions/' + encodeURIComponent(section.getAttribute('data-region')) + '/conversations/'
      + encodeURIComponent(section.getAttribute('data-conversation-id')) + '/messages';
    var language = section.getAttribute('data-language');
    var lastSeq = Number(section.getAttribute('data-last-seq')) || 0;
    var asking = false, again = false;
    function ask() {
      if (document.hidden) { return; }
      if (asking) { again = true; return; }
      asking = true;
      fetch(url + '?after=' + lastSeq + (language ? '&language=' + encodeURIComponent(language) : ''),
        { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
        .then(function (body) { (body.messages || []).forEach(function (m) { appendRegionMessage(section, list, m); }); })
        .catch(function () { /* the home region did not answer: asked again at the next turn */ })
        .then(function () { asking = false; if (again) { again = false; ask(); } });
    }
    function appendRegionMessage(section, list, m) {
      if (m.seq <= lastSeq) { return; }
      lastSeq = m.seq;
      var li = document.createElement('li');
      li.className = 'message author-' + m.author;
      li.setAttribute('data-seq', m.seq);
      var author = document.createElement('span');
      author.className = 'author';
      author.textContent = shown(m.authorName || (m.author === 'visitor'
        ? section.getAttribute('data-label-visitor') : section.getAttribute('data-label-system')));
      var text = document.createElement('span');
      text.className = m.text == null ? 'text hidden-text' : 'text';
      text.setAttribute('dir', 'auto');
      text.textContent = m.text == null ? section.getAttribute('data-label-hidden') : shown(m.text);
      li.appendChild(author); li.appendChild(text);
      if (m.translation && m.translation.status === 'TRANSLATED' && m.translation.text) {
        var box = document.createElement('div');
        box.className = 'translation';
        box.setAttribute('lang', m.translation.language);
        var translated = document.createElement('span');
        translated.className = 'translated-text';
        translated.setAttribute('dir', 'auto');
        translated.textContent = shown(m.translation.text);
        var meta = document.createElement('span');
        meta.className = 'translation-meta';
        meta.textContent = section.getAttribute('data-label-translated');
        box.appendChild(translated); box.appendChild(meta);
        li.appendChild(box);
      } else if (m.translation && m.translation.status === 'PENDING') {
        var waiting = document.createElement('div');
        waiting.className = 'translation';
        var flag = document.createElement('span');
        flag.className = 'translation-flag translation-pending';
        flag.setAttribute('role', 'note');
        flag.textContent = section.getAttribute('data-label-pending');
        waiting.appendChild(flag);
        li.appendChild(waiting);
      }
      var time = document.createElement('time');
      time.setAttribute('datetime', m.at);
      li.appendChild(time);
      list.appendChild(li);
      localiseTimes(li);
      li.scrollIntoView({ block: 'nearest' });
    }
    var region = section.getAttribute('data-region');
    var id = section.getAttribute('data-conversation-id');
    connectLive(function (ev) {
      if (notice(ev)) { return; }
      if (ev.type === 'region.changed' && ev.region === region
          && (!ev.complete || (ev.conversationIds || []).indexOf(id) >= 0)) { ask(); }
    }, ask);
    setInterval(ask, 30000);
    document.addEventListener('visibilitychange', ask);
  }

  document.addEventListener('DOMContentLoaded', function () {
    setupShortcuts();
    rememberTimeZone();
    localiseTimes();
    var live = false;
    var inbox = document.querySelector('[data-live="inbox"]');
    if (inbox) { setupInbox(inbox); live = true; }
    var routing = document.querySelector('[data-live="routing"]');
    if (routing) { setupRouting(routing); live = true; }
    var conversation = document.querySelector('[data-live="conversation"]');
    if (conversation) { setupConversation(conversation); live = true; }
    var regionConversation = document.querySelector('[data-live="region-conversation"]');
    if (regionConversation) { setupRegionConversation(regionConversation); live = true; }
    // Every other page of a signed-in agent keeps a live connection too: the connection is what keeps the agent's
    // presence, and the server waits a grace period after losing one, which covers moving from page to page.
    if (!live && document.querySelector('form.logout')) {
      connectLive(notice);
    }
  });
})();
