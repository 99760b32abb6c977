/// The viewer page's own markup, style and script (Leaflet and the run's data are added by `ViewerWriter`).
///
/// Test hook: `window.bordersim.setTime(iso or seconds)`, `.countsOnSoil()` (state → group →
/// people, from the GEOS classification written by Swift), `.errors`. Opened with
/// `#check=<ISO time>`, the page sets that time and writes a JSON report into
/// `<pre id="bordersim-check">` (counts, errors, resources loaded), for a headless browser's `--dump-dom`.
enum ViewerScript {
    /// First script of the page: records every error, console error and blocked request.
    static let errorCapture = #"""
        window.bordersimErrors = [];
        window.addEventListener('error', function (e) { window.bordersimErrors.push('error: ' + (e.message || e.type) + (e.filename ? ' at ' + e.filename + ':' + e.lineno : '')); });
        window.addEventListener('unhandledrejection', function (e) { window.bordersimErrors.push('unhandled rejection: ' + e.reason); });
        document.addEventListener('securitypolicyviolation', function (e) { window.bordersimErrors.push('blocked request: ' + e.blockedURI + ' (' + e.violatedDirective + ')'); });
        (function () { var ce = console.error; console.error = function () { window.bordersimErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); return ce.apply(console, arguments); }; })();
        """#

    static let style = #"""
        html, body { margin: 0; height: 100%; font: 13px/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222; }
        body { display: flex; flex-direction: column; }
        #bar { display: flex; align-items: center; gap: 10px; padding: 6px 10px; background: #263238; color: #fff; flex-wrap: wrap; }
        #bar h1 { font-size: 14px; margin: 0 10px 0 0; font-weight: 600; }
        #clock { font: 600 15px "DejaVu Sans Mono", monospace; min-width: 240px; }
        #slider { flex: 1; min-width: 200px; }
        #bar button, #bar select { font: inherit; }
        #main { flex: 1; display: flex; min-height: 0; }
        #mapwrap { flex: 1; position: relative; }
        #map { position: absolute; inset: 0; background: #e8eef2; }
        #people { position: absolute; left: 0; top: 0; pointer-events: none; z-index: 450; }
        #side { width: 330px; overflow-y: auto; border-left: 1px solid #ccc; padding: 6px 10px; background: #fafafa; }
        #side h2 { font-size: 13px; margin: 10px 0 4px; text-transform: uppercase; color: #546e7a; letter-spacing: .04em; }
        #soil div { margin: 2px 0; }
        #soil b { font-weight: 700; }
        .sw { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle; border: 1px solid #0003; }
        .ln { display: inline-block; width: 18px; height: 0; margin-right: 5px; vertical-align: middle; border-top: 2px solid #000; }
        #legend label { display: block; margin: 1px 0; }
        #events { list-style: none; margin: 0; padding: 0; max-height: 40vh; overflow-y: auto; border: 1px solid #ddd; background: #fff; }
        #events li { padding: 2px 5px; border-bottom: 1px solid #eee; cursor: pointer; font-size: 12px; }
        #events li.future { color: #999; }
        #events li.current { background: #fff3c4; }
        #events li:hover { background: #e3f2fd; }
        #info { background: #fff; border: 1px solid #ddd; padding: 5px; min-height: 2em; font-size: 12px; white-space: pre-wrap; }
        #tip { position: absolute; z-index: 800; pointer-events: none; background: #fffde7; border: 1px solid #999; padding: 4px 6px; font-size: 12px; white-space: pre; display: none; }
        .north { background: #fff; border: 1px solid #999; border-radius: 3px; padding: 2px 6px; text-align: center; font: 700 12px sans-serif; line-height: 1.1; }
        .note { color: #555; font-size: 12px; }
        #bordersim-check { display: none; }
        """#

    static let body = #"""
        <div id="bar"><h1 id="title"></h1>
        <button id="play" type="button">▶ play</button>
        <label>speed <select id="speed"></select></label>
        <input id="slider" type="range" min="0" value="0" step="any" aria-label="time">
        <span id="clock"></span></div>
        <div id="main"><div id="mapwrap"><div id="map"></div><canvas id="people"></canvas><div id="tip"></div></div>
        <div id="side">
        <h2>Who is on which state's soil</h2><div id="soil"></div>
        <h2>Selected</h2><div id="info">Hover or click a person or an incursion (red).</div>
        <h2>Legend and units</h2><div id="legend"></div>
        <h2>Events</h2><ul id="events"></ul>
        <h2>Data</h2><div id="notes" class="note"></div>
        </div></div>
        <pre id="bordersim-check"></pre>

        """#

    static let main = #"""
        (function () {
        'use strict';
        // Milliseconds since navigation at each phase of start-up (in the check report).
        var phases = {script: Math.round(performance.now())};
        function phase(name) { phases[name] = Math.round(performance.now()); }
        var D = JSON.parse(document.getElementById('bordersim-data').textContent);
        phase('data');
        var $ = function (id) { return document.getElementById(id); };
        function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }

        // ---- time in the scenario's UTC offset
        function pad(n, w) { n = String(n); while (n.length < (w || 2)) n = '0' + n; return n; }
        function local(t) { return new Date(D.startMs + t * 1000 + D.offsetMin * 60000); }
        function clock(t) { var d = local(t); return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()); }
        function dateClock(t) { var d = local(t); return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + clock(t) + ' ' + D.offsetText; }
        function span(s) { if (s == null) return '–'; s = Math.round(s); var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), x = s % 60; return (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + x + ' s'; }
        function parseTime(v) {
          if (typeof v === 'number') return v;
          var ms = Date.parse(v);
          if (isNaN(ms)) throw new Error('bordersim.setTime: expected ISO 8601 with an offset, found ' + v);
          return (ms - D.startMs) / 1000;
        }

        // ---- people: delta-decoded times (s) and positions (degrees)
        var units = D.units, states = D.states;
        var people = D.people.map(function (p) {
          var n = p.t.length, t = new Float64Array(n), x = new Float64Array(n), y = new Float64Array(n), a = 0, b = 0, c = 0;
          for (var i = 0; i < n; i++) { a += p.t[i]; b += p.x[i]; c += p.y[i]; t[i] = a / 1000; x[i] = b / 1e6; y[i] = c / 1e6; }
          var s = [];
          for (var j = 0; j < p.s.length; j += 2) s.push([p.s[j], p.s[j + 1]]);
          return {id: p.p, u: p.u, g: p.g, t: t, x: x, y: y, soil: s, inc: []};
        });
        var byId = {};
        people.forEach(function (p) { byId[p.id] = p; });
        D.incursions.forEach(function (inc, i) { inc.i = i; if (byId[inc.p]) byId[inc.p].inc.push(inc); });

        function position(p, t) {
          var ts = p.t, n = ts.length;
          if (n === 0 || t < ts[0] || t > ts[n - 1]) return null;
          var lo = 0, hi = n - 1;
          while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (ts[mid] <= t) lo = mid; else hi = mid; }
          if (lo === hi || ts[hi] === ts[lo]) return [p.y[lo], p.x[lo]];
          var f = (t - ts[lo]) / (ts[hi] - ts[lo]);
          if (f > 1) f = 1;
          return [p.y[lo] + (p.y[hi] - p.y[lo]) * f, p.x[lo] + (p.x[hi] - p.x[lo]) * f];
        }
        function soilAt(p, t) {
          var n = p.t.length;
          if (n === 0 || t < p.t[0] || t > p.t[n - 1]) return -2;
          var s = -1;
          for (var i = 0; i < p.soil.length && p.soil[i][0] <= t; i++) s = p.soil[i][1];
          return s;
        }
        function countsOnSoil(t) {
          if (t === undefined) t = now;
          var out = {};
          states.forEach(function (s) { out[s.id] = {}; });
          people.forEach(function (p) {
            var s = soilAt(p, t);
            if (s < 0) return;
            var c = out[states[s].id];
            c[p.g] = (c[p.g] || 0) + 1;
          });
          return out;
        }

        phase('decoded');
        // ---- map
        var map = L.map('map', {preferCanvas: true, zoomAnimation: false, attributionControl: false, zoomSnap: 0.25});
        var renderer = L.canvas({padding: 0.2});
        var stateFill = ['#f4ecd0', '#dfead6', '#e6ddee', '#dde8ef'];
        function stateIndex(id) { for (var i = 0; i < states.length; i++) if (states[i].id === id) return i; return -1; }
        function zoneStyle(z) {
          switch (z.kind) {
            case 'territory': return {stroke: false, fillColor: stateFill[stateIndex(z.state) % stateFill.length], fillOpacity: 1};
            case 'frame-line': return z.name === 'mapped' ? {color: '#000', weight: 2.5} : {color: '#455a64', weight: 1.5, dashArray: '6 4'};
            case 'zone': return z.forbidden_to.length ? {color: '#6d4c41', weight: 1, fillColor: '#8d6e63', fillOpacity: 0.45} : {color: '#78909c', weight: 1, fillColor: '#b0bec5', fillOpacity: 0.25};
            case 'fence': return {color: '#3e2723', weight: 3};
            case 'fence-gap': return {color: '#fff', weight: 3, dashArray: '2 3'};
            case 'camera': return {color: '#7e57c2', weight: 1, fillColor: '#7e57c2', fillOpacity: 0.08};
          }
          return {color: '#999'};
        }
        var zoneLayer = L.geoJSON({type: 'FeatureCollection', features: D.zones.map(function (z) { return {type: 'Feature', properties: z, geometry: z.geometry}; })}, {
          renderer: renderer, style: function (f) { return zoneStyle(f.properties); },
          interactive: true,
          onEachFeature: function (f, layer) {
            var z = f.properties;
            if (z.kind === 'territory') { layer.options.interactive = false; return; }
            var what = z.kind === 'frame-line' ? (z.name === 'mapped' ? 'mapped border' : 'claimed line ' + z.name) : z.kind + ' ' + z.name;
            if (z.forbidden_to && z.forbidden_to.length) what += ' (forbidden to ' + z.forbidden_to.join(', ') + ')';
            layer.bindTooltip(esc(what), {sticky: true});
          }
        }).addTo(map);

        phase('zones');
        // Tracks, incursions and events: one layer group per unit, for the unit filter.
        var unitLayers = units.map(function () { return L.layerGroup().addTo(map); });
        var visible = units.map(function () { return true; });
        // One multi-line per unit: a season's thousands of tracks are a few hundred layers.
        var unitTracks = units.map(function () { return []; });
        people.forEach(function (p) {
          var ll = [];
          for (var i = 0; i < p.t.length; i++) ll.push([p.y[i], p.x[i]]);
          if (ll.length > 1) unitTracks[p.u].push(ll);
        });
        unitTracks.forEach(function (lines, u) {
          if (lines.length) L.polyline(lines, {renderer: renderer, color: units[u].colour, weight: 1, opacity: 0.3, interactive: false}).addTo(unitLayers[u]);
        });
        function incursionText(inc, short) {
          var line = inc.zone ? "zone '" + inc.frame + "'" : (inc.frame === 'mapped' ? 'the mapped border' : "the line '" + inc.frame + "'");
          return (short ? '' : inc.p + ' (' + units[inc.u].affiliation + ' ' + units[inc.u].role + ') ') + (inc.zone ? 'in ' : 'across ') + line + (inc.zone ? '' : ' into ' + inc.into) +
            '\nentry ' + clock(inc.entry) + ', exit ' + (inc.exit == null ? 'none (still there at the end)' : clock(inc.exit)) +
            '\nduration ' + span(inc.duration) + ', max depth ' + inc.depth.toFixed(1) + ' m' +
            '\n' + (inc.beyond ? 'beyond' : 'within') + ' the ' + D.tolerance + ' m tolerance';
        }
        D.incursions.forEach(function (inc) {
          var ll = inc.line.map(function (c) { return [c[1], c[0]]; });
          var l = L.polyline(ll, {renderer: renderer, color: inc.zone ? '#ff6f00' : '#d50000', weight: inc.beyond ? 6 : 4, opacity: 0.85});
          l.bindTooltip(esc(incursionText(inc)).replace(/\n/g, '<br>'), {sticky: true});
          l.on('click', function () { $('info').textContent = incursionText(inc); setTime(inc.entry); });
          l.addTo(unitLayers[inc.u]);
        });
        phase('tracks');
        var kindColour = {crossing: '#000', incursion_start: '#d50000', incursion_end: '#ff8a80', zone_entry: '#8d6e63', zone_exit: '#bcaaa4',
          detection: '#1e88e5', warning: '#fdd835', withdrawal: '#43a047', push_back: '#8e24aa', apprehension: '#00897b',
          departure: '#90a4ae', appearance: '#90a4ae', alert: '#3949ab', fence_reached: '#5d4037', fence_climbed: '#5d4037', fence_passed: '#5d4037', retry: '#f4511e', gave_up: '#757575'};
        function eventText(e) {
          var s = clock(e.t) + '  ' + e.k.replace(/_/g, ' ') + '  ' + (e.p || e.unit);
          if (e.f) s += ' · ' + e.f;
          if (e.from || e.into) s += ' ' + (e.from || '?') + '→' + (e.into || '?');
          if (e.c) s += ' · ' + e.c;
          if (e.d != null) s += ' · ' + e.d.toFixed(1) + ' m';
          return s;
        }
        // On the map, the events that change the story; zone entries and exits are in the list only.
        var minorKinds = {zone_entry: 1, zone_exit: 1, incursion_end: 1, appearance: 1, departure: 1};
        // How many events happened by t (events are in time order).
        function eventsBy(t) {
          var lo = 0, hi = D.events.length;
          while (lo < hi) { var mid = (lo + hi) >> 1; if (D.events[mid].t <= t) lo = mid + 1; else hi = mid; }
          return lo;
        }
        // Events are drawn with the people, on the page's own canvas, as they happen; their
        // positions are projected once per zoom level.
        var projectedZoom = null;
        function projectEvents() {
          var z = map.getZoom();
          if (z === projectedZoom) return z;
          projectedZoom = z;
          D.events.forEach(function (e) { if (!minorKinds[e.k]) e.px = map.project([e.at[1], e.at[0]], z); });
          return z;
        }

        phase('markers');
        // Extent: where people went, or else the map.
        var minX = 1e9, minY = 1e9, maxX = -1e9, maxY = -1e9;
        people.forEach(function (p) { for (var i = 0; i < p.t.length; i++) { if (p.x[i] < minX) minX = p.x[i]; if (p.x[i] > maxX) maxX = p.x[i]; if (p.y[i] < minY) minY = p.y[i]; if (p.y[i] > maxY) maxY = p.y[i]; } });
        if (minX <= maxX) map.fitBounds([[minY, minX], [maxY, maxX]], {padding: [30, 30]}); else map.fitBounds(zoneLayer.getBounds());
        L.control.scale({imperial: false, maxWidth: 160}).addTo(map);
        var North = L.Control.extend({options: {position: 'topright'}, onAdd: function () {
          var d = L.DomUtil.create('div', 'north');
          d.innerHTML = '<svg width="18" height="26" viewBox="0 0 18 26"><path d="M9 0 L17 24 L9 18 L1 24 Z" fill="#222"/></svg><br>N';
          d.title = 'north (Web Mercator: north is up)';
          return d;
        }});
        new North().addTo(map);

        // ---- people on a canvas of their own, redrawn every frame
        var canvas = $('people'), ctx = canvas.getContext('2d'), drawn = [];
        function sizeCanvas() { var s = map.getSize(); canvas.width = s.x; canvas.height = s.y; canvas.style.width = s.x + 'px'; canvas.style.height = s.y + 'px'; }
        function inIncursion(p, t) { for (var i = 0; i < p.inc.length; i++) { var c = p.inc[i]; if (!c.zone && t >= c.entry && (c.exit == null || t <= c.exit)) return true; } return false; }
        var drawnEvents = [];
        function draw() {
          ctx.clearRect(0, 0, canvas.width, canvas.height);
          drawn = []; drawnEvents = [];
          var z = projectEvents(), c0 = map.getCenter(), off = map.latLngToContainerPoint(c0).subtract(map.project(c0, z));
          for (var j = 0, ne = eventsBy(now); j < ne; j++) {
            var e = D.events[j];
            if (!e.px || (e.u >= 0 && !visible[e.u])) continue;
            var qx = e.px.x + off.x, qy = e.px.y + off.y;
            if (qx < -10 || qy < -10 || qx > canvas.width + 10 || qy > canvas.height + 10) continue;
            drawnEvents.push([qx, qy, e]);
            // Events are small diamonds, people circles and squares: the two never look alike.
            ctx.beginPath(); ctx.moveTo(qx, qy - 3.5); ctx.lineTo(qx + 3.5, qy); ctx.lineTo(qx, qy + 3.5); ctx.lineTo(qx - 3.5, qy); ctx.closePath();
            ctx.fillStyle = kindColour[e.k] || '#777'; ctx.fill(); ctx.lineWidth = 0.8; ctx.strokeStyle = '#fff'; ctx.stroke();
          }
          for (var i = 0; i < people.length; i++) {
            var p = people[i];
            if (!visible[p.u]) continue;
            var ll = position(p, now);
            if (!ll) continue;
            var pt = map.latLngToContainerPoint(ll);
            if (pt.x < -10 || pt.y < -10 || pt.x > canvas.width + 10 || pt.y > canvas.height + 10) continue;
            drawn.push([pt.x, pt.y, p]);
            var officer = p.g !== 'migrants';
            ctx.beginPath();
            // A dark outline keeps a person readable over the tracks of their own colour.
            if (officer) ctx.rect(pt.x - 5, pt.y - 5, 10, 10); else ctx.arc(pt.x, pt.y, 5, 0, 6.2832);
            ctx.fillStyle = units[p.u].colour; ctx.fill();
            ctx.lineWidth = 1.5; ctx.strokeStyle = '#212121'; ctx.stroke();
            if (inIncursion(p, now)) { ctx.beginPath(); ctx.arc(pt.x, pt.y, 9.5, 0, 6.2832); ctx.lineWidth = 2; ctx.strokeStyle = '#d50000'; ctx.stroke(); }
          }
        }
        function personText(p) {
          var u = units[p.u], s = soilAt(p, now), lines = [p.id + ' · ' + u.affiliation + ' ' + u.role + ' (' + u.kind + ')'];
          lines.push(s >= 0 ? 'in ' + states[s].name + ' (' + states[s].id + ') at ' + clock(now) : s === -1 ? 'on the line at ' + clock(now) : 'not in the run at ' + clock(now));
          lines.push('in the run ' + clock(p.t[0]) + '–' + clock(p.t[p.t.length - 1]));
          if (!p.inc.length) lines.push('no incursions');
          p.inc.forEach(function (inc) { lines.push('— ' + incursionText(inc, true).split('\n').join('\n   ')); });
          return lines.join('\n');
        }
        // The person under the pointer (within 8 px), or else the event; with its description.
        function nearest(e) {
          var r = canvas.getBoundingClientRect(), x = e.originalEvent.clientX - r.left, y = e.originalEvent.clientY - r.top;
          function closest(list) {
            var best = null, bd = 64;
            for (var i = 0; i < list.length; i++) { var dx = list[i][0] - x, dy = list[i][1] - y, d = dx * dx + dy * dy; if (d < bd) { bd = d; best = list[i]; } }
            return best;
          }
          var p = closest(drawn);
          if (p) return [p[0], p[1], personText(p[2])];
          var ev = closest(drawnEvents);
          return ev ? [ev[0], ev[1], dateClock(ev[2].t) + '\n' + eventText(ev[2])] : null;
        }
        map.on('mousemove', function (e) {
          var n = nearest(e), tip = $('tip');
          if (!n) { tip.style.display = 'none'; return; }
          tip.textContent = n[2]; tip.style.left = (n[0] + 12) + 'px'; tip.style.top = (n[1] + 12) + 'px'; tip.style.display = 'block';
        });
        map.on('mouseout', function () { $('tip').style.display = 'none'; });
        map.on('click', function (e) { var n = nearest(e); if (n) $('info').textContent = n[2]; });
        map.on('move zoom resize', function () { if (map._bsReady) { sizeCanvas(); draw(); } });

        // ---- legend and unit filter
        var legend = [];
        states.forEach(function (s, i) { legend.push('<div><span class="sw" style="background:' + stateFill[i % stateFill.length] + '"></span>' + esc(s.name) + ' (' + esc(s.id) + ')</div>'); });
        legend.push('<div><span class="ln"></span>mapped border</div>');
        if (D.zones.some(function (z) { return z.kind === 'frame-line' && z.name !== 'mapped'; })) legend.push('<div><span class="ln" style="border-top:2px dashed #455a64"></span>claimed line</div>');
        D.zones.forEach(function (z) {
          if (z.kind !== 'zone') return;
          legend.push(z.forbidden_to.length ? '<div><span class="sw" style="background:#8d6e63"></span>zone \'' + esc(z.name) + '\', forbidden to ' + esc(z.forbidden_to.join(', ')) + '</div>'
            : '<div><span class="sw" style="background:#b0bec580"></span>zone \'' + esc(z.name) + '\'</div>');
        });
        if (D.zones.some(function (z) { return z.kind === 'fence'; })) legend.push('<div><span class="ln" style="border-top:3px solid #3e2723"></span>fence</div>');
        if (D.zones.some(function (z) { return z.kind === 'camera'; })) legend.push('<div><span class="sw" style="background:#7e57c233"></span>camera coverage</div>');
        if (D.incursions.length) legend.push('<div><span class="ln" style="border-top:5px solid #d50000"></span>incursion, entry → deepest point</div>');
        legend.push('<div>■ officer, ● migrant (colour of the unit); <span style="color:#d50000">◯</span> across a line now</div>');
        // The kinds of event drawn on the map (as they happen), with their colours.
        var kindsShown = {};
        D.events.forEach(function (e) { if (!minorKinds[e.k]) kindsShown[e.k] = 1; });
        Object.keys(kindsShown).sort().forEach(function (k) {
          legend.push('<div><span style="color:' + (kindColour[k] || '#777') + ';text-shadow:0 0 1px #000">◆</span> event: ' + esc(k.replace(/_/g, ' ')) + '</div>');
        });
        if (units.length > 6) legend.push('<div>units: <button type="button" id="all-units">all</button> <button type="button" id="no-units">none</button></div>');
        units.forEach(function (u, i) {
          legend.push('<label><input type="checkbox" checked data-u="' + i + '"> <span class="sw" style="background:' + u.colour + '"></span>' + esc(u.id) + ' · ' + esc(u.affiliation) + ' ' + esc(u.role) + ' (' + u.members + ')</label>');
        });
        $('legend').innerHTML = legend.join('');
        Array.prototype.forEach.call(document.querySelectorAll('#legend input'), function (box) {
          box.addEventListener('change', function () {
            var u = +box.getAttribute('data-u'); visible[u] = box.checked;
            if (box.checked) unitLayers[u].addTo(map); else unitLayers[u].remove();
            draw();
          });
        });
        function setAll(on) {
          Array.prototype.forEach.call(document.querySelectorAll('#legend input'), function (box) {
            var u = +box.getAttribute('data-u'); box.checked = on; visible[u] = on;
            if (on) unitLayers[u].addTo(map); else unitLayers[u].remove();
          });
          draw();
        }
        if ($('all-units')) { $('all-units').addEventListener('click', function () { setAll(true); }); $('no-units').addEventListener('click', function () { setAll(false); }); }

        phase('legend');
        // ---- event list, synchronised with the slider
        var list = $('events'), items = [];
        D.events.forEach(function (e, i) {
          var li = document.createElement('li');
          li.textContent = eventText(e);
          li.addEventListener('click', function () { setTime(e.t); map.panTo([e.at[1], e.at[0]]); $('info').textContent = dateClock(e.t) + '\n' + eventText(e); });
          list.appendChild(li); items.push(li);
        });
        items.forEach(function (li) { li.className = 'future'; });
        var current = -1;
        function syncList(t) {
          // Only the items between the previous and the new current event change class.
          var n = eventsBy(t) - 1;
          if (n === current) return;
          var lo = Math.max(0, Math.min(n, current)), hi = Math.min(items.length - 1, Math.max(n, current));
          for (var i = lo; i <= hi; i++) items[i].className = i < n ? '' : i === n ? 'current' : 'future';
          current = n;
          if (current >= 0) { var li = items[current]; list.scrollTop = li.offsetTop - list.offsetTop - list.clientHeight / 2; }
        }

        phase('list');
        var th = D.thinning;
        $('notes').innerHTML = esc(D.scenario) + ', seed ' + D.seed + '; ' + dateClock(0) + ' to ' + dateClock(D.seconds) + '.<br>' +
          'Tracks: ' + th.kept.toLocaleString('en') + ' of ' + th.vertices.toLocaleString('en') + ' recorded vertices kept' +
          (th.kept < th.vertices ? ' (thinned: between kept vertices every recorded position is within ' + th.tolerance_m + ' m of the one interpolated in time)' : '') + '. ' +
          'Events: ' + (th.eventsKept < th.events ? th.eventsKept.toLocaleString('en') + ' of ' + th.events.toLocaleString('en') + ' (zone entries and exits left out, then the latest)' : 'all ' + th.events.toLocaleString('en')) + '. ' +
          'Soil counts are decided with GEOS on every recorded vertex, before thinning, and ignore the unit filter. Distances in ' + esc(D.crs) + '; no base map, nothing loaded from the network.';

        // ---- time
        var now = 0, playing = false, last = 0;
        var slider = $('slider');
        slider.max = D.seconds;
        var speeds = [1, 10, 60, 600];
        if (D.seconds > 6 * 3600) speeds.push(3600, 86400);
        speeds.forEach(function (s) { var o = document.createElement('option'); o.value = s; o.textContent = s + '×'; $('speed').appendChild(o); });
        $('speed').value = D.seconds > 6 * 3600 ? 3600 : 10;
        function soilText(t) {
          var c = countsOnSoil(t), out = [];
          states.forEach(function (s) {
            var g = c[s.id], keys = Object.keys(g).sort();
            out.push('<div>In ' + esc(s.name) + ' (' + esc(s.id) + '): ' + (keys.length ? keys.map(function (k) { return '<b>' + g[k] + '</b> ' + esc(k); }).join(', ') : 'nobody') + '</div>');
          });
          return out.join('');
        }
        function setTime(v) {
          var t = parseTime(v);
          now = Math.max(0, Math.min(D.seconds, t));
          slider.value = now;
          $('clock').textContent = dateClock(now);
          $('soil').innerHTML = soilText(now);
          syncList(now); draw();
          return now;
        }
        slider.addEventListener('input', function () { setTime(+slider.value); });
        function frame(ts) {
          if (!playing) return;
          var dt = last ? (ts - last) / 1000 : 0; last = ts;
          setTime(now + dt * +$('speed').value);
          if (now >= D.seconds) { playing = false; $('play').textContent = '▶ play'; return; }
          requestAnimationFrame(frame);
        }
        $('play').addEventListener('click', function () {
          playing = !playing; $('play').textContent = playing ? '❚❚ pause' : '▶ play';
          if (playing) { if (now >= D.seconds) now = 0; last = 0; requestAnimationFrame(frame); }
        });
        $('title').textContent = D.scenario;

        window.bordersim = {
          setTime: setTime, time: function () { return now; }, clock: function () { return dateClock(now); },
          countsOnSoil: function (v) { return countsOnSoil(v === undefined ? now : parseTime(v)); },
          describe: function (id) { return byId[id] ? personText(byId[id]) : null; },
          errors: window.bordersimErrors, data: D
        };
        map._bsReady = true;
        sizeCanvas();
        phase('controls');
        var check = /[#&]check=([^&]+)/.exec(location.hash);
        var at = /[#&]t=([^&]+)/.exec(location.hash);
        setTime(check ? decodeURIComponent(check[1]) : at ? decodeURIComponent(at[1]) : 0);
        if (/[#&]around=1/.test(location.hash)) {
          var pts = [];
          people.forEach(function (p) { var ll = position(p, now); if (ll) pts.push(ll); });
          if (pts.length) { map.fitBounds(pts, {padding: [60, 60], maxZoom: 20}); sizeCanvas(); draw(); }
        }
        if (check) {
          // The cost of one frame of playback: the clock, soil counts, events, list and every person
          // placed and drawn, over 20 steps of 1/2000 of the run (Leaflet's own redraw not included).
          var ready = performance.now(), base = now;
          phases.firstFrame = Math.round(ready);
          for (var k = 1; k <= 20; k++) setTime(base + k * D.seconds / 2000);
          var frameMs = (performance.now() - ready) / 20;
          setTime(base);
          // Through the page's own controls: a click on the first warning in the event list (the
          // slider must jump to it), then the unit filter (the first unit's box unticked: none of
          // its people drawn; ticked again: all back). The view is put back as it was.
          var view0 = [map.getCenter(), map.getZoom()], info0 = $('info').textContent, clicked = null, filter = null;
          var ci = -1;
          D.events.some(function (e, i) { if (e.k === 'warning') { ci = i; return true; } return false; });
          if (ci < 0 && items.length) ci = 0;
          if (ci >= 0) {
            items[ci].click();
            clicked = {event: eventText(D.events[ci]), clock: dateClock(now), slider: +slider.value === D.events[ci].t, current: current === ci};
            setTime(base);
          }
          var box = document.querySelector('#legend input[data-u]');
          if (box) {
            var fu = +box.getAttribute('data-u');
            var ofUnit = function () { return drawn.filter(function (d) { return d[2].u === fu; }).length; };
            var before = drawn.length, unitBefore = ofUnit();
            box.checked = false; box.dispatchEvent(new Event('change'));
            var after = drawn.length, unitAfter = ofUnit();
            box.checked = true; box.dispatchEvent(new Event('change'));
            filter = {unit: units[fu].id, drawn: before, unitDrawn: unitBefore, drawnUnticked: after, unitDrawnUnticked: unitAfter, drawnTickedAgain: drawn.length};
          }
          map.setView(view0[0], view0[1], {animate: false});
          $('info').textContent = info0;
          setTime(base);
          $('bordersim-check').textContent = JSON.stringify({
            clicked: clicked, filter: filter,
            phases: phases, people: people.length, frameMs: Math.round(frameMs * 100) / 100, readyMs: Math.round(ready),
            time: dateClock(now), counts: countsOnSoil(now),
            // What hovering the first person with an incursion (or the first person) shows.
            describe: people.length ? personText(people.filter(function (p) { return p.inc.length; })[0] || people[0]) : null,
            events: D.events.length, current: current >= 0 ? eventText(D.events[current]) : null,
            // What the pointer shows over the first person drawn, through the page's own hover code.
            hover: (function () {
              if (!drawn.length) return null;
              var r = canvas.getBoundingClientRect(), n = nearest({originalEvent: {clientX: r.left + drawn[0][0], clientY: r.top + drawn[0][1]}});
              return n ? n[2].split('\n')[0] : null;
            })(),
            eventsDrawn: drawnEvents.length,
            errors: window.bordersimErrors,
            resources: performance.getEntriesByType('resource').map(function (r) { return r.name; }),
            ms: Math.round(performance.now())
          });
        }
        })();
        """#
}
