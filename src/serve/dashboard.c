/*
 * dashboard.c - the page `pace serve` answers at "/": built like
 * report.html (one self-contained file: inline style and script, SVG
 * drawn in the page, no font, image or script from anywhere), but live:
 * its script reads the server's own /api (same origin, the only requests
 * it makes) and keeps an EventSource on /api/events, so that a run started
 * after the page was opened shows its progress and results without a
 * reload.  Every text from the store goes in through textContent, never
 * as markup, so a test named "<script>" is shown, not run.
 *
 * Sections: live (the newest run as the store has it now), runs, the
 * regressions of the newest complete run, and each test's history (mean
 * per run, a red mark where analyze/'s rule calls it a regression).
 */
#include "serve/serve.h"

static const char page[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<link rel=\"icon\" href=\"data:,\">\n"
"<title>pace dashboard</title>\n"
"<style>\n"
"body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222}\n"
"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n"
"table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;"
"text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
".running{color:#b60}.interrupted{color:#a00}.complete{color:#070}\n"
".reg{color:#a00;font-weight:bold}svg{vertical-align:middle}\n"
"</style></head><body>\n"
"<h1>pace dashboard</h1>\n"
"<p id=\"state\">connecting…</p>\n"
"<section id=\"live\"><h2>Live: <span id=\"live-run\">no run yet</span> "
"<span id=\"live-status\"></span></h2>\n"
"<table id=\"live-table\"><thead><tr><th>suite</th><th>test</th><th>variant</th>"
"<th>samples</th><th>failed</th><th>mean (s)</th></tr></thead><tbody></tbody></table>"
"</section>\n"
"<section id=\"runs\"><h2>Runs</h2><table id=\"runs-table\"><thead><tr><th>run</th>"
"<th>status</th><th>started</th><th>tests</th><th>samples</th><th>commit</th></tr>"
"</thead><tbody></tbody></table></section>\n"
"<section id=\"regressions\"><h2>Regressions of the latest run</h2>"
"<ul id=\"reg-list\"></ul></section>\n"
"<section id=\"history\"><h2>History</h2><table id=\"history-table\"><thead><tr>"
"<th>test</th><th>variant</th><th>runs</th><th>mean per run</th><th>latest (s)</th>"
"</tr></thead><tbody></tbody></table></section>\n"
"<script>\n"
"'use strict';\n"
"var SVG='http://www.w3.org/2000/svg';\n"
"function el(tag,text,cls){var e=document.createElement(tag);"
"if(text!==undefined&&text!==null)e.textContent=String(text);if(cls)e.className=cls;return e;}\n"
"function num(v){return v===null||v===undefined?'–':Number(v).toPrecision(4);}\n"
"function row(tb,cells){var tr=el('tr');cells.forEach(function(c){"
"var td=el('td',c[0],c[1]);tr.appendChild(td);});tb.appendChild(tr);return tr;}\n"
"function get(path){return fetch(path,{cache:'no-store'}).then(function(r){"
"if(!r.ok)throw new Error(path+': '+r.status);return r.json();});}\n"
"function enc(s){return encodeURIComponent(s);}\n"
"function spark(points){var w=160,h=28,s=document.createElementNS(SVG,'svg');"
"s.setAttribute('width',w);s.setAttribute('height',h);"
"var ms=points.map(function(p){return p.mean;}).filter(function(m){return m!==null;});"
"if(!ms.length)return s;var lo=Math.min.apply(null,ms),hi=Math.max.apply(null,ms);"
"if(hi===lo){hi=lo+1e-12;}var n=points.length,d='';"
"points.forEach(function(p,i){if(p.mean===null)return;"
"var x=n>1?4+i*(w-8)/(n-1):w/2,y=h-4-(p.mean-lo)/(hi-lo)*(h-8);"
"d+=(d?'L':'M')+x.toFixed(1)+' '+y.toFixed(1);"
"if(p.regression){var c=document.createElementNS(SVG,'circle');"
"c.setAttribute('cx',x);c.setAttribute('cy',y);c.setAttribute('r',3);"
"c.setAttribute('fill','#c00');c.setAttribute('class','mark');"
"var t=document.createElementNS(SVG,'title');t.textContent='regression in '+p.runId;"
"c.appendChild(t);s.appendChild(c);}});"
"var pa=document.createElementNS(SVG,'path');pa.setAttribute('d',d);"
"pa.setAttribute('fill','none');pa.setAttribute('stroke','#36c');"
"s.insertBefore(pa,s.firstChild);return s;}\n"
"function loadRuns(){return get('/api/runs').then(function(d){"
"var tb=document.querySelector('#runs-table tbody');tb.textContent='';"
"d.runs.forEach(function(r){row(tb,[[r.id],[r.status,r.status],[r.started],"
"[r.tests,'n'],[r.samples,'n'],[r.gitCommit?r.gitCommit.slice(0,12):'']]);});"
"return d.runs;});}\n"
"function loadHistory(){return get('/api/tests').then(function(d){"
"var tb=document.querySelector('#history-table tbody'),reg=document.getElementById('reg-list');"
"tb.textContent='';reg.textContent='';"
"return Promise.all(d.tests.map(function(t){"
"return get('/api/history/'+enc(t.suite)+'/'+enc(t.test)+'/'+enc(t.variant))"
".then(function(h){var last=h.points[h.points.length-1];"
"var tr=row(tb,[[t.suite+'/'+t.test],[t.variant],[h.points.length,'n'],[''],"
"[last?num(last.mean):'–','n']]);tr.cells[3].appendChild(spark(h.points));"
"if(last&&last.regression){reg.appendChild(el('li',t.suite+'/'+t.test+' ['+t.variant+"
"'] regressed in run '+last.runId+': mean '+num(last.mean)+' s','reg'));}});}));"
"}).then(function(){var reg=document.getElementById('reg-list');"
"if(!reg.children.length)reg.appendChild(el('li','none'));});}\n"
"function showLive(v){document.getElementById('live-run').textContent=v.run.id;"
"var st=document.getElementById('live-status');st.textContent=v.run.status;"
"st.className=v.run.status;var tb=document.querySelector('#live-table tbody');"
"tb.textContent='';v.results.forEach(function(r){row(tb,[[r.suite],[r.test],"
"[r.variant],[r.samples,'n'],[r.failed,'n'],[num(r.mean),'n']]);});}\n"
"var shown='';\n"
"function refresh(){return Promise.all([loadRuns(),loadHistory()]).catch(function(e){"
"document.getElementById('state').textContent='cannot read the history: '+e.message;});}\n"
"refresh();\n"
"var es=new EventSource('/api/events');\n"
"es.addEventListener('open',function(){document.getElementById('state').textContent="
"'live: updates as the store changes';});\n"
"es.addEventListener('run',function(m){var v=JSON.parse(m.data);showLive(v);"
"var key=v.run.id+' '+v.run.status;if(key!==shown){shown=key;refresh();}});\n"
"es.addEventListener('error',function(){document.getElementById('state').textContent="
"'reconnecting…';});\n"
"</script>\n"
"</body></html>\n";

const char *pace_serve_dashboard(void)
{
	return page;
}
