/* hireguide search: the header's search box. The index (search-index.json) is fetched on the
   first focus of the box, then every keystroke searches it in memory. Every word of the query
   must match a word of a question (the last word as a prefix, since it is still being typed);
   title hits rank first. Results are built with DOM calls and textContent only, never HTML.
   Loaded on every page, it also gives wide code blocks a tab stop (below). */
(function () {
  'use strict';
  /* A code block that scrolls sideways gets a tab stop, so it can be scrolled with the keyboard
     (WCAG 2.1.1); blocks that fit stay out of the tab order. Checked again after a resize. */
  function scrollableCode() {
    var blocks = document.querySelectorAll('pre.code');
    for (var i = 0; i < blocks.length; i++) {
      var pre = blocks[i];
      if (pre.scrollWidth > pre.clientWidth + 1) pre.tabIndex = 0;
      else pre.removeAttribute('tabindex');
    }
  }
  scrollableCode();
  var resizing = 0;
  window.addEventListener('resize', function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(scrollableCode, 150);
  });

  var box = document.getElementById('site-search');
  if (!box || !window.fetch || !window.JSON) return;
  var input = document.getElementById('search-input');
  var popup = document.getElementById('search-popup');
  var list = document.getElementById('search-results');
  var note = document.getElementById('search-note');
  var live = document.getElementById('search-live');
  var MAX = 10;
  var levels = {};
  (box.getAttribute('data-levels') || '').split(';').forEach(function (pair) {
    var i = pair.indexOf('=');
    if (i > 0) levels[pair.slice(0, i)] = pair.slice(i + 1);
  });
  var records = null;
  var loading = null;
  var shown = [];
  var active = -1;

  /* Words exactly as the build splits them: runs of letters, digits and _, outer _ trimmed. */
  var SPLIT = /[^\p{Alphabetic}\p{N}_]+/u;
  /* The build leaves these out of the keywords (`STOP` in src/render/mod.rs): in a query they
     count only where they match, so "how does the GIL work" still finds the GIL question. */
  var STOP = {};
  ('about above after again all also always and another any are aren because been before ' +
   'being both but can cannot could did does doesn doing don done each either even every for ' +
   'from get gets had has have how into isn its just knows like makes may mentions more most ' +
   'much must names never not now once one only other our out over own same says should some ' +
   'such than that the their them then there these they this those through too two under ' +
   'until use used uses using very was way were what when where whether which while who why ' +
   'will with without won would you your').split(' ').forEach(function (w) { STOP[w] = true; });
  function words(text) {
    var out = [];
    String(text || '').toLowerCase().split(SPLIT).forEach(function (w) {
      w = w.replace(/^_+|_+$/g, '');
      if (w) out.push(w);
    });
    return out;
  }

  function prepare(data) {
    return data.map(function (e, i) {
      var meta = words(e.c).concat(words(e.l), words(e.k), words(levels[e.l]));
      (e.g || []).forEach(function (tag) { meta = meta.concat(words(tag)); });
      return { e: e, i: i, title: words(e.t), meta: meta, kw: words(e.w) };
    });
  }

  function load() {
    if (!loading) {
      loading = fetch(box.getAttribute('data-index'), { credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.json();
        })
        .then(function (data) {
          records = prepare(data);
          if (input.value.trim()) search();
        })
        .catch(function () {
          loading = null;
          say('Search is unavailable right now.', 'Search is unavailable right now.');
          open(true);
        });
    }
    return loading;
  }

  /* Whether `q` matches a word of `list`: the whole word (or its plural), or for the last
     word of the query, which is still being typed, any word it begins. */
  function hit(list, q, prefix) {
    for (var i = 0; i < list.length; i++) {
      var w = list[i];
      if (prefix ? w.lastIndexOf(q, 0) === 0 : (w === q || w === q + 's' || w === q + 'es')) {
        return true;
      }
    }
    return false;
  }

  /* Ranked matches: title hits first, then tags/category/level/kind, then rubric and answer. */
  function find(query) {
    var qs = words(query);
    if (!qs.length || !records) return [];
    var out = [];
    for (var r = 0; r < records.length; r++) {
      var rec = records[r];
      var titleHits = 0;
      var score = 0;
      var ok = true;
      for (var j = 0; j < qs.length && ok; j++) {
        var q = qs[j];
        var last = j === qs.length - 1;
        if (hit(rec.title, q, last)) {
          titleHits++;
          score += 3;
        } else if (hit(rec.meta, q, last)) {
          score += 2;
        } else if (hit(rec.kw, q, last)) {
          score += 1;
        } else if (!(q.length < 3 || STOP[q])) {
          ok = false;
        }
      }
      if (ok && score > 0) out.push({ rec: rec, rank: titleHits * 100 + score });
    }
    out.sort(function (a, b) { return b.rank - a.rank || a.rec.i - b.rec.i; });
    return out;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function say(visible, spoken) {
    note.textContent = visible;
    note.hidden = !visible;
    live.textContent = spoken;
  }

  function open(yes) {
    popup.hidden = !yes;
    input.setAttribute('aria-expanded', yes && shown.length ? 'true' : 'false');
    if (!yes) setActive(-1);
  }

  function setActive(i) {
    var options = list.children;
    if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', options[i].id);
      if (options[i].scrollIntoView) options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function search() {
    var query = input.value;
    if (!query.trim()) {
      shown = [];
      list.textContent = '';
      say('', '');
      open(false);
      return;
    }
    if (!records) {
      load();
      return;
    }
    var found = find(query);
    shown = found.slice(0, MAX);
    active = -1;
    input.removeAttribute('aria-activedescendant');
    list.textContent = '';
    shown.forEach(function (m, i) {
      var e = m.rec.e;
      var a = el('a', 'search-result');
      a.href = e.u;
      a.id = 'search-option-' + i;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.tabIndex = -1;
      a.appendChild(el('span', 'search-title', e.t));
      var badges = el('span', 'badges');
      badges.appendChild(el('span', 'badge level level-' + e.l, levels[e.l] || e.l));
      badges.appendChild(document.createTextNode(' '));
      badges.appendChild(el('span', 'badge category', e.c));
      a.appendChild(badges);
      list.appendChild(a);
    });
    var n = found.length;
    if (!n) say('No questions match “' + query.trim() + '”.', 'No results.');
    else if (n > MAX) say('Top ' + MAX + ' of ' + n + ' matches', n + ' results, showing the top ' + MAX + '.');
    else say('', n + (n === 1 ? ' result.' : ' results.'));
    open(true);
  }

  function go(i) {
    var target = shown[i >= 0 ? i : 0];
    if (target) window.location.href = target.rec.e.u;
  }

  input.addEventListener('focus', function () {
    load();
    if (input.value.trim() && records) search();
  });
  input.addEventListener('input', search);
  input.addEventListener('keydown', function (ev) {
    var n = shown.length;
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      if (popup.hidden) search();
      if (n) setActive(active < n - 1 ? active + 1 : 0);
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (n) setActive(active > 0 ? active - 1 : n - 1);
    } else if (ev.key === 'Enter') {
      if (n && !popup.hidden) {
        ev.preventDefault();
        go(active);
      }
    } else if (ev.key === 'Escape') {
      if (!popup.hidden) {
        ev.preventDefault();
        open(false);
      } else if (input.value) {
        ev.preventDefault();
        input.value = '';
        search();
      }
    }
  });
  /* Clicks and scrollbar drags inside the results keep the focus in the box. */
  popup.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
  box.addEventListener('focusout', function (ev) {
    if (!ev.relatedTarget || !box.contains(ev.relatedTarget)) open(false);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    var t = ev.target;
    var tag = t && t.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });
  box.hidden = false;
})();
