/*
 * The reference loop of issue 6, for comparison only: the border-crossing workload
 * (../shared/bench/WORKLOAD.md) as a tight C loop over the GEOS C API with prepared
 * geometries, the border tested only when the territory changes, patrols by brute force.
 * bordersim's own `bench` runs the workload through the simulation core; scripts/bench.sh
 * times both on the same machine at the same moment, since this machine's speed varies.
 *
 *   cc -O2 -ffp-contract=off -o reference-loop scripts/reference-loop.c -lgeos_c
 *   reference-loop ../shared/bench/data/workload-1000.json 360
 */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc(n + 1);
    if (fread(s, 1, n, f) != (size_t)n) { perror(path); exit(2); }
    s[n] = 0;
    fclose(f);
    return s;
}

/* The numbers of the flat JSON array under `key`; their count goes to *n. */
static double *numbers(const char *json, const char *key, int *n) {
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(json, quoted);
    if (!p || !(p = strchr(p, '['))) { fprintf(stderr, "no array %s\n", key); exit(2); }
    int cap = 1024, k = 0;
    double *v = malloc(cap * sizeof *v);
    for (p++; *p && *p != ']';) {
        char *end;
        double x = strtod(p, &end);
        if (end == p) { p++; continue; }
        if (k == cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[k++] = x;
        p = end;
    }
    *n = k;
    return v;
}

static double number(const char *json, const char *key) {
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(json, quoted);
    if (!p || !(p = strchr(p, ':'))) { fprintf(stderr, "no number %s\n", key); exit(2); }
    return strtod(p + 1, NULL);
}

static GEOSGeometry *wkt(GEOSContextHandle_t h, const char *folder, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    char *text = slurp(path);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, text);
    GEOSWKTReader_destroy_r(h, r);
    free(text);
    if (!g) { fprintf(stderr, "%s: bad WKT\n", path); exit(2); }
    return g;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s WORKLOAD.json STEPS\n", argv[0]); return 2; }
    int steps = atoi(argv[2]);
    char *json = slurp(argv[1]);
    char folder[4096];
    snprintf(folder, sizeof folder, "%s", argv[1]);
    char *slash = strrchr(folder, '/');
    if (slash) *slash = 0; else strcpy(folder, ".");

    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry *lt = wkt(h, folder, "lt.wkt"), *border = wkt(h, folder, "border.wkt");
    const GEOSPreparedGeometry *plt = GEOSPrepare_r(h, lt), *pborder = GEOSPrepare_r(h, border);

    int n, p, k;
    double *x = numbers(json, "agent_x", &n), *y = numbers(json, "agent_y", &k);
    double *tx = numbers(json, "target_x", &k), *ty = numbers(json, "target_y", &k);
    double *speed = numbers(json, "speed", &k);
    double *ax = numbers(json, "patrol_ax", &p), *ay = numbers(json, "patrol_ay", &k);
    double *bx = numbers(json, "patrol_bx", &k), *by = numbers(json, "patrol_by", &k);
    double *s = numbers(json, "patrol_s0", &k), *dir = numbers(json, "patrol_dir0", &k);
    double dt = number(json, "dt"), radius = number(json, "detect_radius");
    double pstep = number(json, "patrol_speed") * dt, r2 = radius * radius;

    double *step = malloc(n * sizeof *step), *ux = malloc(p * sizeof *ux), *uy = malloc(p * sizeof *uy);
    double *len = malloc(p * sizeof *len), *px = malloc(p * sizeof *px), *py = malloc(p * sizeof *py);
    char *arrived = calloc(n, 1), *detected = calloc(n, 1), *in_lt = calloc(n, 1);
    for (int i = 0; i < n; i++) {
        step[i] = speed[i] * dt;
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
        in_lt[i] = GEOSPreparedIntersects_r(h, plt, pt) == 1;
        GEOSGeom_destroy_r(h, pt);
    }
    for (int j = 0; j < p; j++) {
        ux[j] = bx[j] - ax[j];
        uy[j] = by[j] - ay[j];
        len[j] = sqrt(ux[j] * ux[j] + uy[j] * uy[j]);
    }

    long into = 0, out_of = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int t = 0; t < steps; t++) {
        for (int j = 0; j < p; j++) {
            s[j] = s[j] + dir[j] * pstep;
            if (s[j] > len[j]) { s[j] = len[j] - (s[j] - len[j]); dir[j] = -1.0; }
            else if (s[j] < 0) { s[j] = -s[j]; dir[j] = 1.0; }
            double f = s[j] / len[j];
            px[j] = ax[j] + ux[j] * f;
            py[j] = ay[j] + uy[j] * f;
        }
        for (int i = 0; i < n; i++) {
            if (arrived[i]) continue;
            double dx = tx[i] - x[i], dy = ty[i] - y[i];
            double dist = sqrt(dx * dx + dy * dy), nx, ny;
            if (dist <= step[i]) { nx = tx[i]; ny = ty[i]; arrived[i] = 1; }
            else { double f = step[i] / dist; nx = x[i] + dx * f; ny = y[i] + dy * f; }
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, nx, ny);
            char in_new = GEOSPreparedIntersects_r(h, plt, pt) == 1;
            GEOSGeom_destroy_r(h, pt);
            if (in_new != in_lt[i]) {
                GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, 2, 2);
                GEOSCoordSeq_setXY_r(h, cs, 0, x[i], y[i]);
                GEOSCoordSeq_setXY_r(h, cs, 1, nx, ny);
                GEOSGeometry *move = GEOSGeom_createLineString_r(h, cs);
                if (GEOSPreparedIntersects_r(h, pborder, move) == 1) { if (in_new) into++; else out_of++; }
                GEOSGeom_destroy_r(h, move);
            }
            in_lt[i] = in_new;
            for (int j = 0; j < p && !detected[i]; j++) {
                double ddx = nx - px[j], ddy = ny - py[j];
                if (ddx * ddx + ddy * ddy <= r2) detected[i] = 1;
            }
            x[i] = nx;
            y[i] = ny;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;

    int ndet = 0, narr = 0;
    double sx = 0.0, sy = 0.0;
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (int i = 0; i < n; i++) {
        ndet += detected[i];
        narr += arrived[i];
        sx = sx + x[i];
        sy = sy + y[i];
        uint64_t bits;
        memcpy(&bits, &x[i], 8); hash = (hash ^ bits) * 0x100000001b3ULL;
        memcpy(&bits, &y[i], 8); hash = (hash ^ bits) * 0x100000001b3ULL;
    }
    printf("reference-loop N=%d P=%d steps=%d crossings_by_to_lt=%ld crossings_lt_to_by=%ld detected_agents=%d "
           "arrived_agents=%d checksum=%.17g poshash=%016llx seconds=%f agent_steps_per_s=%.0f\n",
           n, p, steps, into, out_of, ndet, narr, sx + sy, (unsigned long long)hash, seconds, n * (double)steps / seconds);
    return 0;
}
