#!/usr/bin/env python3
"""Regenerate geodata/*.geojson (Belarus borders with LT, LV, PL) from DCW-GMT.

Dev-time tool; CI never runs it. Run through scripts/make-geodata.sh, which
installs what is missing (gmt, gmt-dcw, shapely, pyproj).

Source: the Digital Chart of the World country polygons shipped with GMT
(Debian package gmt-dcw), read with `gmt coast -E<ISO> -M`.

Method, per border A–BY (A = LT, LV or PL):
  1. Nominal line: the part of A's boundary that lies nearer to Belarus than to
     any third country (and within 2 km of Belarus). Its two ends, the
     tripoints, are found by bisection where the nearest neighbour changes.
  2. Corridor: the nominal line buffered by 30 km in the border's metric CRS.
  3. Overlay on a 1e-7 degree grid (snap rounding): the boundaries of A, BY,
     the third countries, the corridor and two short cuts (from each tripoint
     straight across the sliver to BY) are noded together and polygonised. Each face inside the corridor goes to
       - A                 if it lies in A (A wins its overlaps with BY),
       - nobody            if it lies in a third country,
       - BY                if it lies in BY,
       - BY                if it is a gap that touches the nominal line
                           (the slivers between A and BY),
       - nobody            otherwise (gaps between A or BY and third countries).
  4. The border line written out is the shared boundary of the two
     territories, so the invariant (no gap, no overlap, shared boundary ==
     line) holds exactly on the 7-decimal coordinates written.
  5. The files are re-read and checked (see check()).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.polygon import orient
from pyproj import Geod, Transformer

GRID = 1e-7          # degrees; output has at most 7 decimals
CORRIDOR_M = 30000.0  # half-width of the corridor, metres
NEAR_M = 2000.0       # A's boundary farther than this from BY is not border
NAMES = {"LT": "Lithuania", "LV": "Latvia", "PL": "Poland", "BY": "Belarus",
         "RU": "Russia", "UA": "Ukraine"}
# id, first state, metric CRS, (third country at km 0, third country at the far end), km_origin text
BORDERS = [
    ("LT-BY", "LT", 3346, ("LV", "PL"),
     "km 0 is the Latvia–Lithuania–Belarus tripoint (north-east end); "
     "km increase south-west towards the Poland–Lithuania–Belarus tripoint"),
    ("LV-BY", "LV", 3059, ("RU", "LT"),
     "km 0 is the Russia–Latvia–Belarus tripoint (east end); "
     "km increase west towards the Latvia–Lithuania–Belarus tripoint"),
    ("PL-BY", "PL", 2180, ("LT", "UA"),
     "km 0 is the Poland–Lithuania–Belarus tripoint (north end); "
     "km increase south towards the Poland–Ukraine–Belarus tripoint"),
]
REGION = (18.0, 49.0, 36.0, 60.0)  # lon/lat box that holds everything we use


# ---------------------------------------------------------------- input

def gmt_polygons(code):
    """Country `code` from DCW as a (Multi)Polygon in lon/lat.

    DCW-GMT has a single resolution (1:1,000,000); gmt coast's -D option
    selects the GSHHG shoreline resolution and does not change -E output
    (-Dc and -Df give identical polygons), so no flag is needed for "full"
    resolution. %.17g prints the stored doubles exactly."""
    # run in a scratch directory: gmt leaves a gmt.history file behind
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["gmt", "coast", "-E" + code, "-M",
                              "--FORMAT_FLOAT_OUT=%.17g",
                              "--GMT_HISTORY=false"], cwd=tmp,
                             capture_output=True, text=True,
                             check=True).stdout
    rings, cur = [], None
    for line in out.splitlines():
        if line.startswith(">"):
            cur = []
            rings.append(cur)
        elif line.strip():
            x, y = line.split()[:2]
            cur.append((float(x), float(y)))
    box = shapely.box(*REGION)
    polys = []
    for r in rings:
        if len(r) < 4:
            continue
        p = Polygon(r)
        if not p.intersects(box):
            continue
        if not p.is_valid:   # Russia's mainland ring is bad far east of here
            p = shapely.make_valid(p)
        p = shapely.intersection(p, box)
        polys += [q for q in shapely.get_parts(p)
                  if q.geom_type == "Polygon" and q.area > 0]
    polys.sort(key=lambda p: -p.area)
    shells = []  # [shell Polygon, [holes]]
    for p in polys:
        for s in shells:
            if s[0].contains(p):
                s[1].append(p.exterior.coords)
                break
        else:
            shells.append([p, []])
    parts = [Polygon(s[0].exterior.coords, s[1]) for s in shells]
    for p in parts:
        assert p.is_valid, (code, shapely.is_valid_reason(p))
    return MultiPolygon(parts)


def project(geom, epsg, inverse=False):
    src, dst = (epsg, 4326) if inverse else (4326, epsg)
    t = Transformer.from_crs(src, dst, always_xy=True)

    def f(xy):
        x, y = t.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])
    return shapely.transform(geom, f)


# ------------------------------------------------------- nominal border

def nominal_line(A, BY, thirds, epsg):
    """Tripoints and the part of A's boundary along BY (lon/lat).

    Returns (main polygon of A, ring coords rotated so the run does not wrap,
    s0, s1) with s0 < s1 positions (degrees of arc along the rotated ring)."""
    main = min(A.geoms, key=lambda p: (round(p.distance(BY), 6), -p.area))
    ring = list(main.exterior.coords)[:-1]
    nb = {"BY": project(BY.boundary, epsg)}
    for c, g in thirds.items():
        nb[c] = project(g.boundary, epsg)
    for g in nb.values():
        shapely.prepare(g)

    def classify(pts_ll):
        pm = project(shapely.points(pts_ll), epsg)
        d = {c: shapely.distance(pm, g) for c, g in nb.items()}
        keys = list(d)
        D = np.vstack([d[k] for k in keys])
        best = D.argmin(axis=0)
        lab = np.array([keys[i] for i in best], dtype=object)
        lab[D.min(axis=0) > NEAR_M] = None
        return lab, d

    # rotate the ring so that it starts at a vertex that is not on the border
    lab, _ = classify(np.array(ring))
    start = next(i for i in range(len(ring)) if lab[i] != "BY")
    ring = ring[start:] + ring[:start]
    line = LineString(ring + [ring[0]])
    L = line.length
    n = int(L / 0.002) + 1            # ~150-200 m steps
    s = np.linspace(0.0, L, n + 1)
    lab, _ = classify(np.array([p.coords[0] for p in
                                shapely.line_interpolate_point(line, s)]))
    isby = np.array([x == "BY" for x in lab])
    idx = np.flatnonzero(isby)
    assert len(idx), "A does not touch BY"
    runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    runs.sort(key=len, reverse=True)
    assert len(runs) == 1, "border with BY in %d pieces: %s" % (
        len(runs), [len(r) for r in runs])
    i0, i1 = runs[0][0], runs[0][-1]

    def f(si):
        p = line.interpolate(si)
        _, d = classify(np.array([p.coords[0]]))
        dby = d["BY"][0]
        other = min([NEAR_M] + [d[c][0] for c in d if c != "BY"])
        return dby - other            # < 0 on the BY side

    def bisect(a, b):                 # f(a) < 0 <= f(b) or reversed
        fa = f(a)
        for _ in range(60):
            m = 0.5 * (a + b)
            fm = f(m)
            if (fm < 0) == (fa < 0):
                a, fa = m, fm
            else:
                b = m
            if abs(b - a) < 1e-9:
                break
        return 0.5 * (a + b)
    s0 = bisect(s[i0], s[i0 - 1])
    s1 = bisect(s[i1], s[i1 + 1])
    ends = (lab[i0 - 1], lab[i1 + 1])
    return main, ring, line, s0, s1, ends


def snap(x):
    return round(x * 1e7) / 1e7   # as GEOS' PrecisionModel(scale=1e7)


def insert_tripoints(main, ring, line, s0, s1):
    """Main polygon of A with the two tripoints as vertices, on the grid.

    Returns (polygon A7, the tripoints as grid coordinates)."""
    p0 = line.interpolate(s0).coords[0]
    p1 = line.interpolate(s1).coords[0]
    t0 = (snap(p0[0]), snap(p0[1]))
    t1 = (snap(p1[0]), snap(p1[1]))
    pos = shapely.line_locate_point(line, shapely.points(ring))
    out = []
    done0 = done1 = False
    for c, sc in zip(ring, pos):
        if not done0 and sc > s0:
            out.append(t0)
            done0 = True
        if not done1 and sc > s1:
            out.append(t1)
            done1 = True
        out.append(c)
    if not done0:
        out.append(t0)
    if not done1:
        out.append(t1)
    holes = [list(h.coords) for h in main.interiors]
    poly = shapely.set_precision(Polygon(out, holes), GRID)
    assert poly.geom_type == "Polygon" and poly.is_valid
    return poly, t0, t1


def subpath(poly, t0, t1):
    """The part of poly's exterior from vertex t0 to vertex t1 (forward)."""
    cs = list(poly.exterior.coords)[:-1]
    arr = np.array(cs)
    i0 = int(np.argmin(np.hypot(*(arr - t0).T)))
    i1 = int(np.argmin(np.hypot(*(arr - t1).T)))
    assert cs[i0] == tuple(t0) and cs[i1] == tuple(t1), (cs[i0], t0)
    if i1 >= i0:
        return LineString(cs[i0:i1 + 1])
    return LineString(cs[i0:] + cs[:i1 + 1])


# ----------------------------------------------------------- territories

def build(border_id, a, epsg, ends, C):
    A, BY = C[a], C["BY"]
    thirds = {c: g for c, g in C.items() if c not in (a, "BY")}
    main, ring, line, s0, s1, labs = nominal_line(A, BY, thirds, epsg)
    A7main, t0, t1 = insert_tripoints(main, ring, line, s0, s1)
    run = subpath(A7main, t0, t1)
    # orient the nominal run from the km-0 third country to the other one
    first, last = ends
    tp_a = Point(run.coords[0])
    if thirds[first].distance(tp_a) > thirds[last].distance(tp_a):
        run = LineString(run.coords[::-1])
    assert set(labs) == {first, last}, (border_id, labs)
    others = [g for g in A.geoms if not g.equals(main)]
    A7 = shapely.union_all([A7main] + [shapely.set_precision(g, GRID)
                                       for g in others], grid_size=GRID)

    run_m = project(run, epsg)
    corr_m = run_m.buffer(CORRIDOR_M, quad_segs=16)
    corr_m = corr_m.segmentize(1000.0)
    corridor = shapely.set_precision(project(corr_m, epsg, inverse=True),
                                     GRID)
    assert corridor.geom_type == "Polygon" and corridor.is_valid
    env = shapely.box(*corridor.buffer(0.05).bounds)
    clip = lambda g: shapely.set_precision(
        shapely.clip_by_rect(g, *env.bounds), GRID)
    BY7 = clip(BY)
    T7 = {c: clip(g) for c, g in thirds.items()}
    T7 = {c: g for c, g in T7.items() if not g.is_empty and
          g.intersects(corridor)}
    third_union = shapely.union_all(list(T7.values()), grid_size=GRID)

    # cuts that split the gap faces at the tripoints: from the tripoint
    # straight across the sliver to the nearest point of Belarus, so that
    # the gaps between BY and the third country (or A and the third
    # country) beyond the tripoint are not taken as border slivers.
    cuts = []
    others_b = shapely.union_all([BY7, third_union], grid_size=GRID)
    for t in (run.coords[0], run.coords[-1]):
        pt = Point(t)
        if others_b.covers(pt):
            continue
        q = shapely.shortest_line(pt, BY7.boundary).coords[1]
        cut = LineString([t, (snap(q[0]), snap(q[1]))])
        assert shapely.intersection(cut, A7).length < 1e-6, "cut crosses A"
        cuts.append(cut)

    lines = [shapely.clip_by_rect(A7.boundary, *env.bounds), BY7.boundary,
             corridor.boundary] + [g.boundary for g in T7.values()] + cuts
    noded = shapely.union_all(lines, grid_size=GRID)
    faces = list(shapely.get_parts(shapely.polygonize(
        list(shapely.get_parts(noded)))))
    faces = [f for f in faces if f.area > 0]

    def frac(f, g):
        return shapely.intersection(f, g).area / f.area
    shapely.prepare(run)
    # the run without its ends: a gap face that meets the run only at a
    # tripoint is not a border sliver
    run_zone = shapely.difference(
        run.buffer(3 * GRID),
        shapely.union(Point(run.coords[0]).buffer(20 * GRID),
                      Point(run.coords[-1]).buffer(20 * GRID)))
    t1_faces, t2_faces, z_faces = [], [], []
    stats = {}                          # km2 of each kind of face

    def put(dest, kind, f):
        dest.append(f)
        stats[kind] = stats.get(kind, 0.0) + project(f, epsg).area / 1e6
    for f in faces:
        if frac(f, corridor) < 0.5:
            continue
        in_by = frac(f, BY7) > 0.5
        in_3 = frac(f, third_union) > 0.5
        if frac(f, A7) > 0.5:
            put(t1_faces, "A_and_BY_overlap_to_A" if in_by else
                "A_and_third_overlap_to_A" if in_3 else "A", f)
        elif in_3:
            put(z_faces, "BY_and_third_overlap_dropped" if in_by else
                "third", f)
        elif in_by:
            put(t2_faces, "BY", f)
        elif f.boundary.intersection(run_zone).length > 0:
            put(t2_faces, "gap_sliver_to_BY", f)   # between A and BY
        else:
            put(z_faces, "other_gap_dropped", f)
    T1 = shapely.union_all(t1_faces, grid_size=GRID)
    T2 = shapely.union_all(t2_faces, grid_size=GRID)
    # holes in the union that are not holes of the sources go to BY
    U = shapely.union_all([T1, T2], grid_size=GRID)
    src_holes = [Polygon(h) for g in (A7, BY7) for p in shapely.get_parts(g)
                 for h in p.interiors]
    extra = []
    for p in shapely.get_parts(U):
        for h in p.interiors:
            hp = Polygon(h)
            if not any(hp.equals(s) for s in src_holes):
                extra += [f for f in z_faces if hp.covers(f)]
    if extra:
        print("  %s: %d enclosed faces (%.6f km2) given to BY" % (
            border_id, len(extra),
            sum(project(f, epsg).area for f in extra) / 1e6))
        T2 = shapely.union_all(t2_faces + extra, grid_size=GRID)

    shared = shapely.intersection(T1.boundary, T2.boundary, grid_size=GRID)
    parts = [g for g in shapely.get_parts(shared)
             if g.geom_type in ("LineString", "MultiLineString")]
    merged = shapely.line_merge(shapely.union_all(parts, grid_size=GRID))
    assert merged.geom_type == "LineString", (
        border_id, merged.geom_type,
        [project(g, epsg).length for g in shapely.get_parts(merged)])
    bline = merged
    if Point(bline.coords[0]).distance(Point(run.coords[0])) > \
            Point(bline.coords[-1]).distance(Point(run.coords[0])):
        bline = LineString(bline.coords[::-1])
    info = {
        "nominal_tripoints": (run.coords[0], run.coords[-1]),
        "end_shift_m": (
            project(Point(bline.coords[0]), epsg).distance(
                project(Point(run.coords[0]), epsg)),
            project(Point(bline.coords[-1]), epsg).distance(
                project(Point(run.coords[-1]), epsg))),
        # how far the written line is from A's (gridded) boundary, degrees
        "hausdorff_to_nominal_deg": bline.hausdorff_distance(run),
        "n_faces": len(faces),
        "cuts": len(cuts),
        "faces_km2": {k: round(v, 4) for k, v in sorted(stats.items())},
    }
    return bline, T1, T2, info


# ---------------------------------------------------------------- output

def fmt(x):
    s = "%.7f" % x
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def coords_json(cs):
    return "[" + ",".join("[%s,%s]" % (fmt(x), fmt(y)) for x, y in cs) + "]"


def geom_json(g):
    if g.geom_type == "LineString":
        return '{"type":"LineString","coordinates":%s}' % coords_json(g.coords)
    if g.geom_type == "Polygon":
        g = orient(g, 1.0)
        rings = [g.exterior] + list(g.interiors)
        return '{"type":"Polygon","coordinates":[%s]}' % ",".join(
            coords_json(r.coords) for r in rings)
    if g.geom_type == "MultiPolygon":
        polys = []
        for p in g.geoms:
            p = orient(p, 1.0)
            polys.append("[" + ",".join(coords_json(r.coords) for r in
                                        [p.exterior] + list(p.interiors)) + "]")
        return '{"type":"MultiPolygon","coordinates":[%s]}' % ",".join(polys)
    raise ValueError(g.geom_type)


def canonical(g):
    """Deterministic vertex order: shapely.normalize, then orient."""
    return shapely.normalize(g)


def write(path, border_id, a, epsg, km_origin, line, T1, T2):
    length = project(line, epsg).length
    props = ('{"kind":"border","id":%s,"name":%s,"states":[%s,"BY"],'
             '"length_m":%s,"metric_crs":"EPSG:%d","km_origin":%s}') % (
        json.dumps(border_id), json.dumps("Belarus–%s border" % NAMES[a],
                                          ensure_ascii=False),
        json.dumps(a), "%.1f" % length, epsg,
        json.dumps(km_origin, ensure_ascii=False))
    feats = ['{"type":"Feature","properties":%s,"geometry":%s}' % (
        props, geom_json(line))]
    for st, g in ((a, T1), ("BY", T2)):
        feats.append(
            '{"type":"Feature","properties":{"kind":"territory","state":%s,'
            '"name":%s},"geometry":%s}' % (json.dumps(st), json.dumps(NAMES[st]),
                                          geom_json(canonical(g))))
    text = ('{"type":"FeatureCollection","features":[\n'
            + ",\n".join(feats) + "\n]}\n")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


# ---------------------------------------------------------------- checks

def check(path, a, epsg, C):
    """Re-read a written file and check the invariants on its coordinates."""
    from shapely.geometry import shape
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    fc = json.loads(text)
    res = {}
    decimals = [len(m) for m in re.findall(r"\d\.(\d+)", text)]
    res["max_decimals"] = max(decimals)
    res["has_crs"] = '"crs"' in text
    keys = json.loads(text, object_pairs_hook=lambda kv: [k for k, _ in kv])
    res["key_order_ok"] = (
        keys == ["type", "features"]
        and fc["type"] == "FeatureCollection"
        and [f["properties"] and list(f["properties"]) for f in fc["features"]]
        == [["kind", "id", "name", "states", "length_m", "metric_crs",
             "km_origin"], ["kind", "state", "name"], ["kind", "state", "name"]])
    f0, f1, f2 = fc["features"]
    assert [f["properties"]["kind"] for f in fc["features"]] == [
        "border", "territory", "territory"]
    assert f1["properties"]["state"] == a and f2["properties"]["state"] == "BY"
    line, TA, TB = (shape(f["geometry"]) for f in (f0, f1, f2))
    res["line_type"] = line.geom_type
    res["line_simple"] = line.is_simple
    res["valid"] = (TA.is_valid, TB.is_valid)
    for g in (TA, TB):
        for p in shapely.get_parts(g):
            assert p.exterior.is_ccw, "exterior not CCW"
            assert all(not h.is_ccw for h in p.interiors), "hole not CW"
    inter = shapely.intersection(TA, TB)
    poly_parts = [g for g in shapely.get_parts(inter)
                  if g.geom_type in ("Polygon", "MultiPolygon")]
    res["overlap_area"] = inter.area
    res["overlap_polygonal_parts"] = len(poly_parts)
    U = shapely.union(TA, TB)
    res["union_type"] = U.geom_type
    res["union_holes"] = sum(len(p.interiors) for p in shapely.get_parts(U))
    shared = shapely.intersection(TA.boundary, TB.boundary)
    shared_l = shapely.line_merge(shapely.union_all(
        [g for g in shapely.get_parts(shared)
         if g.geom_type == "LineString"]))
    res["shared_equals_line"] = bool(shared_l.equals(line))
    sd = shapely.symmetric_difference(shared_l, line)
    res["symdiff_len_m"] = project(sd, epsg).length if not sd.is_empty else 0.0
    # the line lies on both boundaries
    res["line_on_boundaries"] = (TA.boundary.covers(line),
                                 TB.boundary.covers(line))
    # endpoints: tripoints = where a third country is (nearly) reached
    first = {"LT": ("LV", "PL"), "LV": ("RU", "LT"), "PL": ("LT", "UA")}[a]
    ends = []
    for pt, c in zip((Point(line.coords[0]), Point(line.coords[-1])), first):
        pm = project(pt, epsg)
        ends.append((c, round(project(C[c], epsg).distance(pm), 1),
                     round(project(C["BY"], epsg).distance(pm), 1)))
    res["endpoint_dist_to_third_and_BY_m"] = ends
    # the same in the metric CRS (vertices projected one by one)
    Am, Bm = project(TA, epsg), project(TB, epsg)
    res["metric_overlap_area_m2"] = shapely.intersection(Am, Bm).area
    Um = shapely.union(Am, Bm)
    res["metric_union"] = (Um.geom_type, sum(
        len(p.interiors) for p in shapely.get_parts(Um)))
    ok = (res["max_decimals"] <= 7 and not res["has_crs"]
          and res["key_order_ok"]
          and all(d[1] < 100.0 for d in ends)
          and line.geom_type == "LineString" and line.is_simple and all(res["valid"])
          and res["overlap_polygonal_parts"] == 0 and res["overlap_area"] == 0
          and res["union_type"] == "Polygon" and res["union_holes"] == 0
          and res["shared_equals_line"] and all(res["line_on_boundaries"]))
    return ok, res, line, TA, TB


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = os.path.join(os.path.dirname(here), "geodata")
    os.makedirs(outdir, exist_ok=True)
    C = {c: gmt_polygons(c) for c in ("LT", "LV", "PL", "BY", "RU", "UA")}
    geod = Geod(ellps="WGS84")
    all_ok = True
    for border_id, a, epsg, ends, km_origin in BORDERS:
        line, T1, T2, info = build(border_id, a, epsg, ends, C)
        path = os.path.join(outdir, border_id.lower() + ".geojson")
        write(path, border_id, a, epsg, km_origin, line, T1, T2)
        ok, res, line, TA, TB = check(path, a, epsg, C)
        all_ok &= ok
        print("%s: %s" % (path, "OK" if ok else "FAILED"))
        print("  length %.1f m (EPSG:%d), geodesic %.1f m, %d vertices" % (
            project(line, epsg).length, epsg, geod.geometry_length(line),
            len(line.coords)))
        print("  area %s %.1f km2, BY %.1f km2" % (
            a, project(TA, epsg).area / 1e6, project(TB, epsg).area / 1e6))
        for k, v in sorted(info.items()):
            print("  %s: %s" % (k, v))
        for k, v in res.items():
            print("  check %s: %s" % (k, v))
    if not all_ok:
        sys.exit("checks failed")


if __name__ == "__main__":
    main()
