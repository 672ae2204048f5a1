/* hireguide filters: narrow the all-questions table by level, category, kind and tag. The
   choice lives in the URL query (?level=mid&tag=testing), so a filtered list can be shared and
   survives a reload. Without JavaScript the form stays hidden and the table lists everything. */
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var table = document.getElementById('question-table');
  var count = document.getElementById('filter-count');
  if (!form || !table || !count || !window.URLSearchParams || !window.history) return;
  var KEYS = ['level', 'category', 'kind', 'tag'];
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var total = rows.length;

  function select(key) { return form.elements[key]; }

  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) {
      var s = select(key);
      var v = params.get(key) || '';
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === v; });
      s.value = known ? v : '';
    });
  }

  function toUrl(want) {
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) {
      if (want[key]) params.set(key, want[key]);
      else params.delete(key);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? '?' + query : '') + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, '', url);
    }
  }

  function apply() {
    var want = {};
    KEYS.forEach(function (key) { want[key] = select(key).value; });
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!want.level || d.level === want.level) &&
        (!want.category || d.category === want.category) &&
        (!want.kind || d.kind === want.kind) &&
        (!want.tag || (' ' + d.tags + ' ').indexOf(' ' + want.tag + ' ') >= 0);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + total + (total === 1 ? ' question' : ' questions');
    toUrl(want);
  }

  fromUrl();
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (ev) { ev.preventDefault(); });
  form.addEventListener('reset', function () { window.setTimeout(apply, 0); });
  window.addEventListener('popstate', function () { fromUrl(); apply(); });
  /* A page restored from the back-forward cache keeps its old form state: re-read the URL. */
  window.addEventListener('pageshow', function (ev) { if (ev.persisted) { fromUrl(); apply(); } });
  form.hidden = false;
  apply();
})();
