// The portability matrix as one self-contained HTML page (no network):
// cases × targets, outcome colours, filters by area and outcome, and per
// cell the messages exchanged, timings and the target's stderr.
import { resultName, targetName, type TargetReport } from './results.js';
import { buildMatrix } from './matrix.js';

// The page's data is JSON inside a <script> element: keep "</script>" and friends from closing it.
const safeJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function htmlMatrix(reports: TargetReport[]): string {
  const matrix = buildMatrix(reports);
  const details = Object.fromEntries(
    reports.map((r) => [
      targetName(r.target),
      Object.fromEntries(r.results.map((c) => [resultName(c), { outcome: c.outcome, message: c.message ?? '', durationMs: c.durationMs, stderr: c.stderr ?? '', transcript: c.transcript }])),
    ]),
  );
  const targets = reports.map((r) => ({
    name: targetName(r.target),
    version: r.runtime?.version ?? null,
    details: r.runtime?.details ?? {},
    capabilities: r.capabilities,
    status: r.notInstalled ? 'not installed' : r.infrastructureError ? 'error' : 'ran',
    note: r.notInstalled ?? r.infrastructureError ?? '',
  }));
  const data = { matrix, details, targets };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wasi:mcp portability matrix</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2125; }
  h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
  .meta { color: #555; margin-bottom: 1rem; }
  code { font-family: ui-monospace, monospace; font-size: 12px; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #d0d5da; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f3f5f7; position: sticky; top: 0; }
  td.cell { text-align: center; cursor: pointer; font-weight: 600; min-width: 7rem; }
  .pass { background: #d8f3dc; } .xfail { background: #e0f2fe; } .unsupported, .not-installed, .none { background: #eef0f2; color: #555; }
  .warning { background: #fff3bf; }
  .fail, .xpass { background: #fbd5d5; } .timeout { background: #fde2c8; } .error { background: #ead7f7; }
  .filters { display: flex; gap: 1rem; margin: 1rem 0; align-items: center; }
  #details { margin-top: 1rem; border: 1px solid #d0d5da; padding: .75rem; display: none; }
  #details pre { white-space: pre-wrap; word-break: break-all; background: #f7f8f9; padding: .5rem; max-height: 24rem; overflow: auto; }
  .targets td, .targets th { font-size: 13px; }
  tr.hidden { display: none; }
</style>
</head>
<body>
<h1>wasi:mcp portability matrix</h1>
<div class="meta">WIT <code>wasi:mcp@0.2.0</code> <code id="digest"></code> · MCP <span id="protocol"></span> · generated <span id="generated"></span></div>
<table class="targets"><thead><tr><th>target</th><th>version</th><th>status</th><th>capabilities</th><th>details</th></tr></thead><tbody id="targets"></tbody></table>
<div class="filters">
  <label>area <select id="area"><option value="">all</option></select></label>
  <label>era <select id="era"><option value="">both</option><option value="legacy">legacy</option><option value="modern">modern</option></select></label>
  <label>outcome <select id="outcome"><option value="">any</option></select></label>
  <label>case <input id="search" type="search" placeholder="id or title"></label>
  <span id="count"></span>
</div>
<table id="matrix"><thead><tr id="head"><th>case</th><th>era</th><th>area</th><th>severity</th></tr></thead><tbody id="rows"></tbody></table>
<div id="details"></div>
<script type="application/json" id="data">${safeJson(data)}</script>
<script>
(() => {
  const data = JSON.parse(document.getElementById('data').textContent);
  const m = data.matrix;
  const el = (tag, attrs = {}, text) => { const e = document.createElement(tag); Object.assign(e, attrs); if (text !== undefined) e.textContent = text; return e; };
  document.getElementById('digest').textContent = m.witDigest;
  document.getElementById('protocol').textContent = Object.entries(m.versions).map(([era, v]) => v + ' (' + era + ')').join(', ');
  document.getElementById('generated').textContent = m.generatedAt;
  for (const t of data.targets) {
    const tr = el('tr');
    tr.append(el('td', {}, t.name), el('td', {}, t.version ?? '-'), el('td', {}, t.status + (t.note ? ': ' + t.note.split('\\n')[0] : '')),
      el('td', {}, t.capabilities.join(', ')), el('td', {}, Object.entries(t.details).map(([k, v]) => k + ': ' + v).join('; ')));
    document.getElementById('targets').append(tr);
  }
  const head = document.getElementById('head');
  for (const t of m.targets) head.append(el('th', {}, t.name));
  const areas = [...new Set(m.rows.map((r) => r.area))].sort();
  const outcomes = [...new Set(m.rows.flatMap((r) => Object.values(r.cells)))].sort();
  for (const a of areas) document.getElementById('area').append(el('option', { value: a }, a));
  for (const o of outcomes) document.getElementById('outcome').append(el('option', { value: o }, o));
  const rows = document.getElementById('rows');
  const panel = document.getElementById('details');
  const show = (target, id) => {
    const d = (data.details[target] || {})[id];
    panel.replaceChildren();
    panel.style.display = 'block';
    panel.append(el('h2', {}, id + ' on ' + target));
    if (!d) { panel.append(el('p', {}, 'not run on this target')); return; }
    panel.append(el('p', { className: 'verdict' }, d.outcome + ' in ' + d.durationMs + ' ms'));
    if (d.message) panel.append(el('pre', { className: 'message' }, d.message));
    const lines = d.transcript.map((e) => e.at.toFixed(1).padStart(8) + ' ms  ' + (e.dir === 'send' ? '→ ' : e.dir === 'recv' ? '← ' : '· ') + e.text);
    panel.append(el('h3', {}, 'messages'), el('pre', { className: 'transcript' }, lines.join('\\n') || '(none)'));
    if (d.stderr) panel.append(el('h3', {}, 'stderr'), el('pre', { className: 'stderr' }, d.stderr));
  };
  for (const r of m.rows) {
    const tr = el('tr');
    tr.dataset.area = r.area;
    tr.dataset.era = r.era;
    tr.dataset.outcomes = Object.values(r.cells).join(' ');
    tr.dataset.text = (r.id + ' ' + r.title).toLowerCase();
    const name = el('td');
    name.append(el('code', {}, r.id), el('br'), el('span', {}, r.title));
    tr.append(name, el('td', {}, r.era), el('td', {}, r.area), el('td', {}, r.severity));
    for (const t of m.targets) {
      const v = r.cells[t.name];
      const td = el('td', { className: 'cell ' + v.replace(' ', '-').replace('-', v === '-' ? 'none' : '-') }, v);
      td.dataset.target = t.name;
      td.addEventListener('click', () => show(t.name, r.key));
      tr.append(td);
    }
    rows.append(tr);
  }
  const apply = () => {
    const area = document.getElementById('area').value;
    const outcome = document.getElementById('outcome').value;
    const era = document.getElementById('era').value;
    const q = document.getElementById('search').value.toLowerCase();
    let shown = 0;
    for (const tr of rows.children) {
      const ok = (!area || tr.dataset.area === area) && (!era || tr.dataset.era === era) && (!outcome || tr.dataset.outcomes.split(' ').includes(outcome)) && (!q || tr.dataset.text.includes(q));
      tr.classList.toggle('hidden', !ok);
      if (ok) shown++;
    }
    document.getElementById('count').textContent = shown + ' of ' + m.rows.length + ' cases';
  };
  for (const id of ['area', 'era', 'outcome', 'search']) document.getElementById(id).addEventListener('input', apply);
  apply();
})();
</script>
</body>
</html>
`;
}
