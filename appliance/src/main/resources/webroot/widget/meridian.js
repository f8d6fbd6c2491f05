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

  // ---- fixed texts in the visitor's language: the first of navigator.languages the widget speaks, else English ----
  var TEXTS = {
    en: { launcher: 'Chat with us', title: 'Chat', connecting: 'Connecting…', reconnecting: 'Reconnecting…',
      online: 'Online', closed: 'Conversation closed', placeholder: 'Type your message…', message: 'Message',
      send: 'Send', error: 'Something went wrong', rate_limited: 'You are sending messages too fast. Wait a moment.',
      too_large: 'That message is too long.',
      unavailable: 'The chat is not available right now. Please try again shortly.',
      not_stored: 'Your message has not been delivered yet; it will be sent again.',
      away: 'Away', away_until: 'Away · we reply from {0}', minimise: 'Minimise chat',
      queue: 'You are number {0} in the queue. An agent will be with you as soon as possible.',
      typing: '{0} is typing…', someone: 'An agent',
      pre_intro: 'Before we start: your name, and an e-mail address to write back to if you leave.', pre_name: 'Name', pre_email: 'E-mail', pre_phone: 'Phone (optional)', pre_start: 'Start chat', pre_skip: 'Skip',
      queue_wait: 'Expected wait: about {0} min.' },
    de: { launcher: 'Chatten Sie mit uns', title: 'Chat', connecting: 'Verbindung wird hergestellt…',
      reconnecting: 'Verbindung wird wiederhergestellt…', online: 'Online', closed: 'Unterhaltung beendet',
      placeholder: 'Ihre Nachricht…', message: 'Nachricht', send: 'Senden', error: 'Etwas ist schiefgelaufen',
      rate_limited: 'Sie senden zu schnell. Bitte warten Sie einen Moment.', too_large: 'Diese Nachricht ist zu lang.',
      unavailable: 'Der Chat ist gerade nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.',
      not_stored: 'Ihre Nachricht wurde noch nicht zugestellt; sie wird erneut gesendet.',
      away: 'Abwesend', away_until: 'Abwesend · wir antworten ab {0}', minimise: 'Chat minimieren',
      queue: 'Sie sind Nummer {0} in der Warteschlange. Gleich ist jemand für Sie da.',
      typing: '{0} schreibt…', someone: 'Ein Mitarbeiter',
      pre_intro: 'Bevor es losgeht: Ihr Name und eine E-Mail-Adresse, falls wir später antworten.', pre_name: 'Name', pre_email: 'E-Mail', pre_phone: 'Telefon (optional)', pre_start: 'Chat starten', pre_skip: 'Überspringen',
      queue_wait: 'Voraussichtliche Wartezeit: etwa {0} Min.' },
    fr: { launcher: 'Discutez avec nous', title: 'Chat', connecting: 'Connexion…', reconnecting: 'Reconnexion…',
      online: 'En ligne', closed: 'Conversation terminée', placeholder: 'Écrivez votre message…', message: 'Message',
      send: 'Envoyer', error: 'Une erreur s’est produite',
      rate_limited: 'Vous envoyez des messages trop vite. Patientez un instant.', too_large: 'Ce message est trop long.',
      unavailable: 'Le chat n’est pas disponible pour le moment. Réessayez dans un instant.',
      not_stored: 'Votre message n’a pas encore été remis ; il sera renvoyé.',
      away: 'Absents', away_until: 'Absents · réponse à partir de {0}', minimise: 'Réduire le chat',
      queue: 'Vous êtes numéro {0} dans la file d’attente. Un conseiller vous répondra dès que possible.',
      typing: '{0} écrit…', someone: 'Un conseiller',
      pre_intro: 'Avant de commencer : votre nom, et une adresse e-mail pour vous répondre si vous partez.', pre_name: 'Nom', pre_email: 'E-mail', pre_phone: 'Téléphone (facultatif)', pre_start: 'Commencer', pre_skip: 'Passer',
      queue_wait: 'Attente estimée : environ {0} min.' },
    es: { launcher: 'Chatea con nosotros', title: 'Chat', connecting: 'Conectando…', reconnecting: 'Reconectando…',
      online: 'En línea', closed: 'Conversación finalizada', placeholder: 'Escribe tu mensaje…', message: 'Mensaje',
      send: 'Enviar', error: 'Algo salió mal',
      rate_limited: 'Estás enviando mensajes demasiado rápido. Espera un momento.',
      too_large: 'Ese mensaje es demasiado largo.',
      unavailable: 'El chat no está disponible ahora mismo. Inténtalo de nuevo en unos instantes.',
      not_stored: 'Tu mensaje aún no se ha entregado; se volverá a enviar.',
      away: 'Ausentes', away_until: 'Ausentes · respondemos a partir de {0}', minimise: 'Minimizar el chat',
      queue: 'Eres el número {0} en la cola. Un agente te atenderá lo antes posible.',
      typing: '{0} está escribiendo…', someone: 'Un agente',
      pre_intro: 'Antes de empezar: tu nombre y un correo para responderte si te vas.', pre_name: 'Nombre', pre_email: 'Correo electrónico', pre_phone: 'Teléfono (opcional)', pre_start: 'Empezar el chat', pre_skip: 'Omitir',
      queue_wait: 'Espera estimada: unos {0} min.' },
    ja: { launcher: 'チャットで問い合わせる', title: 'チャット', connecting: '接続しています…',
      reconnecting: '再接続しています…', online: 'オンライン', closed: '会話は終了しました',
      placeholder: 'メッセージを入力…', message: 'メッセージ', send: '送信', error: '問題が発生しました',
      rate_limited: '送信の間隔が短すぎます。少し待ってからお送りください。', too_large: 'メッセージが長すぎます。',
      unavailable: '現在チャットをご利用いただけません。しばらくしてからもう一度お試しください。',
      not_stored: 'メッセージはまだ届いていません。自動的に再送します。',
      away: '営業時間外', away_until: '営業時間外・{0} から返信します', minimise: 'チャットを最小化',
      queue: '待ち順は {0} 番目です。担当者が順番に対応いたします。',
      typing: '{0} が入力中…', someone: '担当者',
      pre_intro: 'はじめに、お名前と、後ほど返信するためのメールアドレスをお知らせください。', pre_name: 'お名前', pre_email: 'メールアドレス', pre_phone: '電話番号（任意）', pre_start: 'チャットを開始', pre_skip: 'スキップ',
      queue_wait: '待ち時間の目安: 約 {0} 分。' },
    ko: { launcher: '채팅 상담', title: '채팅', connecting: '연결 중…', reconnecting: '다시 연결 중…',
      online: '온라인', closed: '상담이 종료되었습니다', placeholder: '메시지를 입력하세요…', message: '메시지',
      send: '보내기', error: '문제가 발생했습니다',
      rate_limited: '메시지를 너무 빨리 보내고 있습니다. 잠시 기다려 주세요.', too_large: '메시지가 너무 깁니다.',
      unavailable: '지금은 채팅을 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.',
      not_stored: '메시지가 아직 전달되지 않았습니다. 자동으로 다시 보냅니다.',
      away: '부재 중', away_until: '부재 중 · {0}부터 답변드립니다', minimise: '채팅 최소화',
      queue: '대기 순서는 {0}번째입니다. 곧 상담원이 응대해 드리겠습니다.',
      typing: '{0} 님이 입력 중…', someone: '상담원',
      pre_intro: '시작하기 전에 이름과, 나중에 답변드릴 이메일 주소를 알려 주세요.', pre_name: '이름', pre_email: '이메일', pre_phone: '전화번호(선택)', pre_start: '채팅 시작', pre_skip: '건너뛰기',
      queue_wait: '예상 대기 시간: 약 {0}분.' },
    'zh-CN': { launcher: '在线咨询', title: '在线客服', connecting: '正在连接…', reconnecting: '正在重新连接…',
      online: '在线', closed: '会话已结束', placeholder: '输入消息…', message: '消息', send: '发送', error: '出错了',
      rate_limited: '发送太频繁，请稍候再试。', too_large: '消息太长了。', unavailable: '聊天暂时不可用，请稍后再试。',
      not_stored: '消息尚未送达，将自动重新发送。',
      away: '离开', away_until: '离开 · {0} 起回复', minimise: '最小化聊天',
      queue: '您在队列中排第 {0} 位。客服将尽快为您服务。',
      typing: '{0} 正在输入…', someone: '客服',
      pre_intro: '开始之前：请留下您的姓名，以及方便我们稍后回复的电子邮箱。', pre_name: '姓名', pre_email: '电子邮箱', pre_phone: '电话（选填）', pre_start: '开始聊天', pre_skip: '跳过',
      queue_wait: '预计等待：约 {0} 分钟。' },
    'zh-TW': { launcher: '線上諮詢', title: '線上客服', connecting: '連線中…', reconnecting: '重新連線中…',
      online: '線上', closed: '對話已結束', placeholder: '輸入訊息…', message: '訊息', send: '送出', error: '發生錯誤',
      rate_limited: '傳送太頻繁，請稍候再試。', too_large: '訊息太長了。', unavailable: '聊天暫時無法使用，請稍後再試。',
      not_stored: '訊息尚未送達，將自動重新傳送。',
      away: '離開', away_until: '離開 · {0} 起回覆', minimise: '最小化聊天',
      queue: '您在佇列中排第 {0} 位。客服將盡快為您服務。',
      typing: '{0} 正在輸入…', someone: '客服',
      pre_intro: '開始之前：請留下您的姓名，以及方便我們稍後回覆的電子郵件。', pre_name: '姓名', pre_email: '電子郵件', pre_phone: '電話（選填）', pre_start: '開始聊天', pre_skip: '略過',
      queue_wait: '預計等候：約 {0} 分鐘。' },
    ar: { launcher: 'تحدث معنا', title: 'الدردشة', connecting: 'جارٍ الاتصال…', reconnecting: 'جارٍ إعادة الاتصال…',
      online: 'متصل', closed: 'انتهت المحادثة', placeholder: 'اكتب رسالتك…', message: 'رسالة', send: 'إرسال',
      error: 'حدث خطأ ما', rate_limited: 'أنت ترسل الرسائل بسرعة كبيرة. انتظر لحظة.', too_large: 'هذه الرسالة طويلة جدًا.',
      unavailable: 'الدردشة غير متاحة حاليًا. يرجى المحاولة مرة أخرى بعد قليل.',
      not_stored: 'لم تُسلَّم رسالتك بعد؛ ستُرسل مرة أخرى.',
      away: 'غير متاحين الآن', away_until: 'غير متاحين الآن · نرد اعتبارًا من {0}', minimise: 'تصغير الدردشة',
      queue: 'ترتيبك في قائمة الانتظار هو {0}. سيرد عليك أحد موظفينا في أقرب وقت ممكن.',
      typing: '{0} يكتب…', someone: 'أحد موظفينا',
      pre_intro: 'قبل أن نبدأ: اسمك، وبريد إلكتروني نرد عليه إن غادرت.', pre_name: 'الاسم', pre_email: 'البريد الإلكتروني', pre_phone: 'الهاتف (اختياري)', pre_start: 'ابدأ المحادثة', pre_skip: 'تخطَّ',
      queue_wait: 'مدة الانتظار المتوقعة: نحو {0} دقيقة.' },
    he: { launcher: 'דברו איתנו', title: "צ'אט", connecting: 'מתחבר…', reconnecting: 'מתחבר מחדש…',
      online: 'מחוברים', closed: 'השיחה הסתיימה', placeholder: 'כתבו הודעה…', message: 'הודעה', send: 'שליחה',
      error: 'משהו השתבש', rate_limited: 'אתם שולחים הודעות מהר מדי. המתינו רגע.', too_large: 'ההודעה ארוכה מדי.',
      unavailable: "הצ'אט אינו זמין כרגע. נסו שוב בעוד רגע.",
      not_stored: 'ההודעה עדיין לא נמסרה; היא תישלח שוב.',
      away: 'לא זמינים כעת', away_until: 'לא זמינים כעת · נשיב החל מ-{0}', minimise: "מזעור הצ'אט",
      queue: 'אתם במקום {0} בתור. נציג יענה לכם בהקדם האפשרי.',
      typing: '{0} מקליד/ה…', someone: 'נציג',
      pre_intro: 'לפני שנתחיל: השם שלכם, ודוא"ל שנוכל לענות אליו אם תעזבו.', pre_name: 'שם', pre_email: 'דוא"ל', pre_phone: 'טלפון (לא חובה)', pre_start: 'התחלת צ\'אט', pre_skip: 'דילוג',
      queue_wait: 'זמן המתנה משוער: כ-{0} דקות.' }
  };
  // Scripts written right to left: the panel's layout follows (messages, composer, header).
  // Consent before chatting, where the visitor's home region asks for it (the text itself comes from the server).
  var CONSENT_TEXTS = {
    en: { agree: 'I agree', notice: 'Privacy notice', withdraw: 'Withdraw my consent',
      withdrawn: 'Your consent is withdrawn. Agree again to go on chatting.',
      required: 'Please agree to the text below to start chatting.' },
    de: { agree: 'Ich stimme zu', notice: 'Datenschutzerklärung', withdraw: 'Einwilligung widerrufen',
      withdrawn: 'Ihre Einwilligung ist widerrufen. Stimmen Sie erneut zu, um weiterzuschreiben.',
      required: 'Bitte stimmen Sie dem Text unten zu, um den Chat zu beginnen.' },
    fr: { agree: 'J’accepte', notice: 'Politique de confidentialité', withdraw: 'Retirer mon consentement',
      withdrawn: 'Votre consentement est retiré. Acceptez à nouveau pour continuer.',
      required: 'Acceptez le texte ci-dessous pour commencer la discussion.' },
    es: { agree: 'Acepto', notice: 'Aviso de privacidad', withdraw: 'Retirar mi consentimiento',
      withdrawn: 'Tu consentimiento se ha retirado. Acepta de nuevo para seguir chateando.',
      required: 'Acepta el texto de abajo para empezar el chat.' },
    ja: { agree: '同意する', notice: 'プライバシーポリシー', withdraw: '同意を撤回する',
      withdrawn: '同意を撤回しました。チャットを続けるには、もう一度同意してください。',
      required: 'チャットを始めるには、下の文章に同意してください。' },
    ko: { agree: '동의합니다', notice: '개인정보 처리방침', withdraw: '동의 철회',
      withdrawn: '동의가 철회되었습니다. 채팅을 계속하려면 다시 동의해 주세요.',
      required: '채팅을 시작하려면 아래 내용에 동의해 주세요.' },
    'zh-CN': { agree: '我同意', notice: '隐私声明', withdraw: '撤回同意',
      withdrawn: '您已撤回同意。如需继续聊天，请再次同意。', required: '请先同意下方内容再开始聊天。' },
    'zh-TW': { agree: '我同意', notice: '隱私權聲明', withdraw: '撤回同意',
      withdrawn: '您已撤回同意。如需繼續聊天，請再次同意。', required: '請先同意下方內容再開始聊天。' },
    ar: { agree: 'أوافق', notice: 'إشعار الخصوصية', withdraw: 'سحب موافقتي',
      withdrawn: 'تم سحب موافقتك. وافق مرة أخرى لمتابعة الدردشة.',
      required: 'يرجى الموافقة على النص أدناه لبدء الدردشة.' },
    he: { agree: 'אני מסכים/ה', notice: 'הודעת פרטיות', withdraw: 'ביטול ההסכמה',
      withdrawn: 'ההסכמה בוטלה. יש להסכים שוב כדי להמשיך בצ׳אט.',
      required: 'יש להסכים לטקסט שלמטה כדי להתחיל את הצ׳אט.' }
  };
  var RTL = { ar: true, he: true };
  function pickLanguage(preferred) {
    for (var i = 0; i < preferred.length; i++) {
      var tag = String(preferred[i] || '').toLowerCase();
      if (tag.indexOf('zh') === 0) {
        return /^zh-(tw|hk|mo)\b|hant/.test(tag) ? 'zh-TW' : 'zh-CN';
      }
      var primary = tag.split('-')[0];
      if (primary !== 'zh' && TEXTS[primary]) { return primary; }
    }
    return 'en';
  }
  var lang = pickLanguage((navigator.languages && navigator.languages.length) ? navigator.languages
    : [navigator.language || 'en']);
  var T = TEXTS[lang];
  var C = CONSENT_TEXTS[lang] || CONSENT_TEXTS.en;
  // What the server said about consent (welcome, then consent.* frames); null: nothing asked.
  var consent = null;
  var preChatMode = 'off', hasConversation = false;
  // Whether a team that serves the visitor is open now, as the server last said (welcome, then every pong).
  var availability = { open: true };
  var closedConversation = false;

  var state = load();
  var socket = null;
  var ready = false;
  var retry = 0;
  var seen = {};

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY)) || {};
      return { token: s.token || null, pending: s.pending || [], open: !!s.open, profiled: !!s.profiled };
    } catch (e) {
      return { token: null, pending: [], open: false, profiled: false };
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
  host.setAttribute('lang', lang);
  host.setAttribute('dir', RTL[lang] ? 'rtl' : 'ltr');
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = origin.origin + '/widget/meridian.css';
  root.appendChild(style);

  var launcher = el('button', 'launcher', T.launcher);
  launcher.type = 'button';
  launcher.setAttribute('aria-expanded', 'false');
  var panel = el('section', 'panel');
  panel.setAttribute('aria-label', T.title);
  var head = el('header', 'head');
  var heading = el('div', 'heading');
  heading.appendChild(el('span', 'title', T.title));
  var statusEl = el('span', 'status', T.connecting);
  statusEl.setAttribute('role', 'status');
  heading.appendChild(statusEl);
  head.appendChild(heading);
  var minimise = el('button', 'minimise', '\u2013');
  minimise.type = 'button';
  minimise.setAttribute('aria-label', T.minimise);
  minimise.title = T.minimise;
  head.appendChild(minimise);
  var list = el('ol', 'messages');
  var typingEl = el('p', 'typing');
  typingEl.setAttribute('aria-live', 'polite');
  typingEl.hidden = true;
  var queueEl = el('p', 'queue');
  queueEl.setAttribute('role', 'status');
  queueEl.hidden = true;
  list.setAttribute('aria-live', 'polite');
  var form = el('form', 'composer');
  var input = el('textarea', 'input');
  input.rows = 2;
  input.placeholder = T.placeholder;
  input.setAttribute('aria-label', T.message);
  var send = el('button', 'send', T.send);
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  // The pre-chat form (when the node asks for it): name and e-mail before the first message, once per visitor.
  var preChat = el('form', 'prechat');
  preChat.hidden = true;
  preChat.appendChild(el('p', 'prechat-intro', T.pre_intro));
  var preName = el('input', 'prechat-name');
  preName.maxLength = 200;
  preName.autocomplete = 'name';
  preName.setAttribute('aria-label', T.pre_name);
  preName.placeholder = T.pre_name;
  var preEmail = el('input', 'prechat-email');
  preEmail.type = 'email';
  preEmail.maxLength = 254;
  preEmail.autocomplete = 'email';
  preEmail.setAttribute('aria-label', T.pre_email);
  preEmail.placeholder = T.pre_email;
  var preStart = el('button', 'prechat-start', T.pre_start);
  preStart.type = 'submit';
  var preSkip = el('button', 'prechat-skip', T.pre_skip);
  preSkip.type = 'button';
  var prePhone = el('input', 'prechat-phone');
  prePhone.type = 'tel';
  prePhone.maxLength = 40;
  prePhone.autocomplete = 'tel';
  prePhone.setAttribute('aria-label', T.pre_phone);
  prePhone.placeholder = T.pre_phone;
  prePhone.setAttribute('dir', 'ltr');
  preChat.appendChild(preName);
  preChat.appendChild(preEmail);
  preChat.appendChild(prePhone);
  preChat.appendChild(preStart);
  preChat.appendChild(preSkip);
  // The consent text and "I agree", before anything else, where the visitor's region asks for it.
  var consentBox = el('div', 'consent');
  consentBox.hidden = true;
  var consentText = el('p', 'consent-text');
  consentText.setAttribute('dir', 'auto');
  var consentNotice = el('a', 'consent-notice', C.notice);
  consentNotice.setAttribute('target', '_blank');
  consentNotice.setAttribute('rel', 'noopener');
  var consentAgree = el('button', 'consent-agree', C.agree);
  consentAgree.type = 'button';
  consentBox.appendChild(consentText);
  consentBox.appendChild(consentNotice);
  consentBox.appendChild(consentAgree);
  var consentWithdraw = el('button', 'consent-withdraw', C.withdraw);
  consentWithdraw.type = 'button';
  consentWithdraw.hidden = true;
  panel.appendChild(list);
  panel.appendChild(consentBox);
  panel.appendChild(preChat);
  panel.appendChild(typingEl);
  panel.appendChild(queueEl);
  panel.appendChild(form);
  panel.appendChild(consentWithdraw);
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
  minimise.addEventListener('click', function () { setOpen(false); launcher.focus(); });
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') { setOpen(false); launcher.focus(); } });
  // The agent sees "The customer is typing…": one notice every three seconds at most, only once there is a
  // conversation to type in.
  var lastTyping = 0;
  input.addEventListener('input', function () {
    var now = Date.now();
    if (now - lastTyping < 3000 || !input.value.trim() || !ready || !socket || socket.readyState !== 1) { return; }
    lastTyping = now;
    socket.send('{"type":"typing"}');
  });
  var typingTimer = null;
  function agentTyping(name) {
    typingEl.textContent = T.typing.replace('{0}', shown(name || T.someone));
    typingEl.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingEl.hidden = true; }, 6000);
  }
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
    if (m.author !== 'visitor' && m.authorName) { item.appendChild(el('span', 'author', shown(m.authorName))); }
    // A reply translated for the visitor shows as translated, live (the 'translation' frame) and in the history.
    var translated = m.translation && typeof m.translation.text === 'string';
    var text = el('span', 'text', shown(translated ? m.translation.text : m.text));
    if (translated && m.translation.language) { text.setAttribute('lang', m.translation.language); }
    // Each message runs in its own direction (an English reply in an Arabic widget), whatever the panel's.
    text.setAttribute('dir', 'auto');
    item.appendChild(text);
    showFiles(item, m.attachments);
    if (!existing) { list.appendChild(item); }
    list.scrollTop = list.scrollHeight;
  }
  // Files an agent sent: links to this node (signed, expiring) that download them; the name is shown as text.
  function showFiles(item, files) {
    if (!item || !files || !files.length || item.querySelector('.files')) { return; }
    var ul = el('ul', 'files');
    files.forEach(function (f) {
      if (typeof f.url !== 'string' || f.url.indexOf('/widget/attachments/') !== 0) { return; }
      var li = el('li');
      var a = el('a', null, shown(f.name));
      a.href = origin.origin + f.url;
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener');
      a.setAttribute('dir', 'auto');
      li.appendChild(a);
      li.appendChild(el('span', 'size', ' ' + fileSize(f.size)));
      ul.appendChild(li);
    });
    item.appendChild(ul);
    list.scrollTop = list.scrollHeight;
  }
  function fileSize(bytes) {
    var n = Number(bytes) || 0;
    if (n < 1024) { return n + ' B'; }
    if (n < 1024 * 1024) { return Math.round(n / 1024) + ' KB'; }
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }
  // An agent's reply translated into the visitor's language replaces the text shown (the original stays stored).
  function showTranslation(f) {
    var item = f.messageId ? list.querySelector('[data-key="' + cssId(f.messageId) + '"]') : null;
    var text = item ? item.querySelector('.text') : null;
    if (!text || typeof f.text !== 'string') { return; }
    text.textContent = shown(f.text);
    text.setAttribute('dir', 'auto');
    if (f.language) { text.setAttribute('lang', f.language); }
  }
  // Names and messages as shown (what is stored is unchanged), as the server's pages show them: bidirectional
  // controls, which could make text read backwards, are dropped; other invisible control characters show as U+FFFD.
  function shown(s) {
    return String(s == null ? '' : s).replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, '')
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '\uFFFD');
  }
  function cssId(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, ''); }
  function setStatus(text) { statusEl.textContent = text; }
  function consentMissing() { return !!(consent && consent.required && !consent.given); }
  // The consent box first (where asked and not given), then the pre-chat form, then the composer.
  function showPreChat() {
    var needConsent = consentMissing();
    consentBox.hidden = !needConsent;
    consentWithdraw.hidden = !(consent && consent.required && consent.given);
    if (needConsent) {
      consentText.textContent = shown(consent.text);
      if (consent.language) { consentText.setAttribute('lang', consent.language); }
      var url = typeof consent.privacyNoticeUrl === 'string' && consent.privacyNoticeUrl.indexOf('https://') === 0
        ? consent.privacyNoticeUrl : null;
      consentNotice.hidden = !url;
      if (url) { consentNotice.href = url; }
    }
    var mode = preChatMode;
    var ask = !needConsent && (mode === 'optional' || mode === 'required') && !state.profiled && !hasConversation;
    preChat.hidden = !ask;
    preSkip.hidden = mode !== 'optional';
    preName.required = preEmail.required = mode === 'required';
    form.hidden = ask || needConsent;
  }
  consentAgree.addEventListener('click', function () {
    if (!socket || socket.readyState !== 1 || !ready || !consent) { return; }
    // The digest names the exact words shown: a text changed since is shown again rather than recorded.
    socket.send(JSON.stringify({ type: 'consent', version: consent.version, digest: consent.digest }));
  });
  consentWithdraw.addEventListener('click', function () {
    if (!socket || socket.readyState !== 1 || !ready) { return; }
    socket.send('{"type":"consent.withdraw"}');
  });
  function preChatDone() {
    state.profiled = true; save();
    preChat.hidden = true;
    form.hidden = false;
    input.focus();
  }
  preChat.addEventListener('submit', function (e) {
    e.preventDefault();
    if (!socket || socket.readyState !== 1 || !ready) { return; }
    var name = preName.value.trim(), email = preEmail.value.trim(), phone = prePhone.value.trim();
    if (!name && !email && !phone) { preChatDone(); return; }
    var f = { type: 'profile' };
    if (name) { f.name = name; }
    if (email) { f.email = email; }
    if (phone) { f.phone = phone; }
    socket.send(JSON.stringify(f));
  });
  preSkip.addEventListener('click', preChatDone);
  // Where the visitor's conversation waits in the queue; hidden once an agent has it (position null).
  function showQueue(position, waitSeconds) {
    var waiting = typeof position === 'number' && position > 0 && !closedConversation;
    queueEl.hidden = !waiting;
    var text = waiting ? T.queue.replace('{0}', String(position)) : '';
    if (waiting && typeof waitSeconds === 'number' && waitSeconds > 0) {
      text += ' ' + T.queue_wait.replace('{0}', String(Math.max(1, Math.round(waitSeconds / 60))));
    }
    queueEl.textContent = text;
  }
  // Open, or away until the first opening, shown in the visitor's own language and time zone.
  function showAvailability() {
    if (closedConversation) { setStatus(T.closed); return; }
    if (availability.open) { setStatus(T.online); return; }
    var at = availability.opensAt ? new Date(availability.opensAt) : null;
    if (!at || isNaN(at.getTime())) { setStatus(T.away); return; }
    var when;
    try {
      when = new Intl.DateTimeFormat(lang, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(at);
    } catch (e) { when = at.toLocaleString(); }
    setStatus(T.away_until.replace('{0}', when));
  }

  function pageOnly(url) {
    try { var u = new URL(url); return u.origin + u.pathname; } catch (e) { return null; }
  }

  // ---- connection ----
  function connect() {
    if (socket && socket.readyState <= 1) { return; }
    setStatus(T.connecting);
    socket = new WebSocket(wsUrl);
    socket.onopen = function () {
      retry = 0;
      socket.send(JSON.stringify({
        type: 'hello', visitorToken: state.token, lastSeq: 0,
        locale: (navigator.languages && navigator.languages[0]) || navigator.language,
        languages: (navigator.languages && navigator.languages.length) ? Array.prototype.slice.call(navigator.languages, 0, 8)
          : (navigator.language ? [navigator.language] : []),
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        // Where the visitor is, for the agent's customer panel: without query or fragment (they can carry personal data).
        page: location.origin + location.pathname,
        referrer: pageOnly(document.referrer)
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
        consent = f.consent || null;
        state.pending.forEach(function (m) {
          render({ clientMessageId: m.clientMessageId, author: 'visitor', text: m.text, pending: true });
          transmit(m);
        });
        if (f.availability) { availability = f.availability; }
        closedConversation = f.status === 'closed';
        showAvailability();
        showQueue(f.queue, f.queueExpectedWaitSeconds);
        preChatMode = f.preChatForm; hasConversation = !!f.conversationId;
        showPreChat();
      } else if (f.type === 'ack') {
        state.pending = state.pending.filter(function (m) { return m.clientMessageId !== f.clientMessageId; });
        save();
        render(f.message);
        closedConversation = false; // writing after a close opens a new conversation
        showAvailability();
      } else if (f.type === 'message') {
        if (f.message && f.message.author !== 'visitor') { typingEl.hidden = true; }
        render(f.message);
      } else if (f.type === 'typing') {
        agentTyping(f.name);
      } else if (f.type === 'translation') {
        showTranslation(f);
      } else if (f.type === 'attachments') {
        showFiles(f.messageId ? list.querySelector('[data-key="' + cssId(f.messageId) + '"]') : null, f.attachments);
      } else if (f.type === 'profile.saved') {
        preChatDone();
      } else if (f.type === 'queue') {
        showQueue(f.position, f.expectedWaitSeconds);
      } else if (f.type === 'pong') {
        if (f.availability) { availability = f.availability; showAvailability(); }
      } else if (f.type === 'conversation.closed') {
        closedConversation = true;
        showQueue(null);
        setStatus(T.closed);
      } else if (f.type === 'consent.recorded') {
        if (consent) { consent.given = true; }
        showPreChat();
        showAvailability();
        state.pending.forEach(transmit); // what the visitor wrote while asked waits for this
      } else if (f.type === 'consent.withdrawn') {
        consent = f.consent || consent;
        if (consent) { consent.given = false; }
        showPreChat();
        setStatus(C.withdrawn);
      } else if (f.type === 'error' && (f.code === 'consent_required' || f.code === 'consent_outdated')) {
        if (f.consent) { consent = f.consent; }
        if (consent) { consent.given = false; }
        showPreChat();
        setStatus(C.required);
      } else if (f.type === 'error') {
        setStatus(T[f.code] || T.error); // the server's reason is English and technical: a fixed text per code
      }
    };
    socket.onclose = function () {
      ready = false;
      setStatus(T.reconnecting);
      var delay = Math.min(30000, 500 * Math.pow(2, retry++)) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  }
  function transmit(m) {
    if (socket && socket.readyState === 1 && ready && !consentMissing()) {
      socket.send(JSON.stringify({ type: 'message', clientMessageId: m.clientMessageId, text: m.text }));
    }
  }

  // A ping a minute keeps the header's open/away current as teams open and close (the pong carries it).
  setInterval(function () {
    if (socket && socket.readyState === 1 && ready) { socket.send('{"type":"ping"}'); }
  }, 60000);

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
