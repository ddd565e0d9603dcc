/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-contour.c: contour lines by marching squares, log-spaced levels and
 * the heat map's colour maps. Pure: no drawing. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>
#include <string.h>

/* Where VALUE = LEVEL between corners A and B (the caller knows it crosses). */
static double
crossing (double a, double b, double level)
{
  return a == b ? 0.5 : CLAMP ((level - a) / (b - a), 0, 1);
}

GArray *
ll_plot_contour_segments (const double *values, guint nx, guint ny,
                          double x0, double x1, double y0, double y1, double level)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (LlPlotSegment));
  double dx, dy;

  g_return_val_if_fail (values != NULL || nx * ny == 0, segments);
  if (nx < 2 || ny < 2 || !isfinite (level))
    return segments;
  dx = (x1 - x0) / (nx - 1);
  dy = (y1 - y0) / (ny - 1);

  for (guint j = 0; j + 1 < ny; j++)
    for (guint i = 0; i + 1 < nx; i++)
      {
        /* corners counter-clockwise from (i, j): the edges run between them */
        double v[4] = {
          values[(gsize) j * nx + i],
          values[(gsize) j * nx + i + 1],
          values[(gsize) (j + 1) * nx + i + 1],
          values[(gsize) (j + 1) * nx + i],
        };
        double ex[4], ey[4];
        gboolean above[4], crosses[4];
        int n_crossing = 0;

        if (!isfinite (v[0]) || !isfinite (v[1]) || !isfinite (v[2]) || !isfinite (v[3]))
          continue;
        for (int c = 0; c < 4; c++)
          above[c] = v[c] > level;
        for (int e = 0; e < 4; e++)
          {
            int a = e, b = (e + 1) % 4;
            double t;

            crosses[e] = above[a] != above[b];
            if (!crosses[e])
              continue;
            n_crossing++;
            /* From the edge's lower grid corner, as the neighbouring cell
             * computes it too: both give the very same point, so the pieces
             * join into lines (plot_contour_polylines). */
            switch (e)
              {
              case 0:  /* bottom: (i, j) to (i + 1, j) */
              case 2:  /* top: (i, j + 1) to (i + 1, j + 1) */
                t = e == 0 ? crossing (v[0], v[1], level) : crossing (v[3], v[2], level);
                ex[e] = x0 + (i + t) * dx;
                ey[e] = y0 + (j + (e == 2)) * dy;
                break;
              case 1:  /* right: (i + 1, j) to (i + 1, j + 1) */
              case 3:  /* left: (i, j) to (i, j + 1) */
              default:
                t = e == 1 ? crossing (v[1], v[2], level) : crossing (v[0], v[3], level);
                ex[e] = x0 + (i + (e == 1)) * dx;
                ey[e] = y0 + (j + t) * dy;
                break;
              }
          }

        if (n_crossing == 2)
          {
            LlPlotSegment segment;
            int first = -1;

            for (int e = 0; e < 4; e++)
              if (crosses[e])
                {
                  if (first < 0)
                    first = e;
                  else
                    segment = (LlPlotSegment) { ex[first], ey[first], ex[e], ey[e] };
                }
            /* none where the level touches a corner only: a point, not a line */
            if (segment.x0 != segment.x1 || segment.y0 != segment.y1)
              g_array_append_val (segments, segment);
          }
        else if (n_crossing == 4)
          {
            /* A saddle: the cell's mean tells whether corners 0 and 2 (on the
             * same side) join through the middle; the lines then cut off
             * corners 1 and 3, else corners 0 and 2. */
            gboolean centre_above = (v[0] + v[1] + v[2] + v[3]) / 4 > level;
            LlPlotSegment pair[2];

            if (centre_above == above[0])
              {
                pair[0] = (LlPlotSegment) { ex[0], ey[0], ex[1], ey[1] };  /* around corner 1 */
                pair[1] = (LlPlotSegment) { ex[2], ey[2], ex[3], ey[3] };  /* around corner 3 */
              }
            else
              {
                pair[0] = (LlPlotSegment) { ex[3], ey[3], ex[0], ey[0] };  /* around corner 0 */
                pair[1] = (LlPlotSegment) { ex[1], ey[1], ex[2], ey[2] };  /* around corner 2 */
              }
            g_array_append_vals (segments, pair, 2);
          }
      }
  return segments;
}

typedef struct {
  double x, y;
} Point;

static guint
point_hash (gconstpointer key)
{
  const Point *p = key;
  guint64 bits[2];

  memcpy (bits, p, sizeof bits);
  return (guint) (bits[0] ^ (bits[0] >> 32) ^ (bits[1] * 0x9E3779B97F4A7C15u) ^ (bits[1] >> 29));
}

static gboolean
point_equal (gconstpointer a, gconstpointer b)
{
  const Point *p = a, *q = b;

  return p->x == q->x && p->y == q->y;
}

/* The segments' ends by point: point -> GArray of (2 * segment + end). A
 * point holds two ends, or more where the level passes through a grid
 * corner exactly. */
static void
index_end (GHashTable *ends, const LlPlotSegment *segments, guint s, guint end)
{
  const Point *p = (const Point *) &segments[s] + end;
  GArray *slots = g_hash_table_lookup (ends, p);
  guint value = 2 * s + end;

  if (!slots)
    {
      slots = g_array_sized_new (FALSE, FALSE, sizeof (guint), 2);
      g_hash_table_insert (ends, (gpointer) p, slots);
    }
  g_array_append_val (slots, value);
}

/* An end at P of a segment not used yet, or -1. */
static int
take_end (GHashTable *ends, const Point *p, gboolean *used)
{
  GArray *slots = g_hash_table_lookup (ends, p);

  for (guint k = 0; slots && k < slots->len; k++)
    {
      guint value = g_array_index (slots, guint, k);

      if (!used[value / 2])
        return (int) value;
    }
  return -1;
}

/* Follows the segments from the end of LINE, appending points. */
static void
extend (GArray *line, GHashTable *ends, const LlPlotSegment *segments, gboolean *used)
{
  for (;;)
    {
      const Point *last = &g_array_index (line, Point, line->len - 1);
      int end = take_end (ends, last, used);
      const Point *other;

      if (end < 0)
        return;
      used[end / 2] = TRUE;
      other = (const Point *) &segments[end / 2] + (1 - end % 2);
      g_array_append_val (line, *other);
    }
}

GPtrArray *
plot_contour_polylines (const GArray *segment_array)
{
  const LlPlotSegment *segments = (const LlPlotSegment *) segment_array->data;
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) ends = g_hash_table_new_full (point_hash, point_equal, NULL,
                                                      (GDestroyNotify) g_array_unref);
  g_autofree gboolean *used = g_new0 (gboolean, MAX (segment_array->len, 1));

  G_STATIC_ASSERT (sizeof (LlPlotSegment) == 2 * sizeof (Point));
  for (guint s = 0; s < segment_array->len; s++)
    {
      index_end (ends, segments, s, 0);
      index_end (ends, segments, s, 1);
    }
  for (guint s = 0; s < segment_array->len; s++)
    {
      GArray *forward, *line;

      if (used[s])
        continue;
      used[s] = TRUE;
      /* from the segment's end onwards, then from its start backwards */
      forward = g_array_new (FALSE, FALSE, sizeof (Point));
      g_array_append_vals (forward, &segments[s], 2);
      extend (forward, ends, segments, used);
      line = g_array_new (FALSE, FALSE, sizeof (Point));
      g_array_append_val (line, ((const Point *) &segments[s])[0]);
      extend (line, ends, segments, used);
      /* LINE runs backwards from the start: reverse it and add FORWARD's rest */
      for (guint a = 0, b = line->len - 1; a < b; a++, b--)
        {
          Point swap = g_array_index (line, Point, a);

          g_array_index (line, Point, a) = g_array_index (line, Point, b);
          g_array_index (line, Point, b) = swap;
        }
      g_array_append_vals (line, &g_array_index (forward, Point, 1), forward->len - 1);
      g_array_unref (forward);
      g_ptr_array_add (lines, line);
    }
  return lines;
}

void
ll_plot_log_levels (double lo, double hi, guint n, double *levels)
{
  double a, b;

  g_return_if_fail (n == 0 || levels != NULL);
  g_return_if_fail (lo > 0 && hi > lo);

  a = log10 (lo);
  b = log10 (hi);
  for (guint i = 0; i < n; i++)
    levels[i] = pow (10, a + (b - a) * (i + 1) / (n + 1));
}

typedef struct {
  double t;
  guint8 r, g, b;
} Stop;

/* viridis at five points: dark blue, blue, teal, green, yellow; even in
 * lightness and readable by the colour blind */
static const Stop sequential[] = {
  { 0.00, 68, 1, 84 },
  { 0.25, 59, 82, 139 },
  { 0.50, 33, 145, 140 },
  { 0.75, 94, 201, 98 },
  { 1.00, 253, 231, 37 },
};

/* Okabe-Ito blue to vermillion through a light grey */
static const Stop diverging[] = {
  { 0.0, 0x00, 0x72, 0xB2 },
  { 0.5, 0xF2, 0xF2, 0xF2 },
  { 1.0, 0xD5, 0x5E, 0x00 },
};

void
ll_plot_color_map (LlColorMap map, double t, double rgb[3])
{
  const Stop *stops = map == LL_COLOR_MAP_DIVERGING ? diverging : sequential;
  guint n = map == LL_COLOR_MAP_DIVERGING ? G_N_ELEMENTS (diverging) : G_N_ELEMENTS (sequential);
  guint k = 0;
  double u;

  t = isfinite (t) ? CLAMP (t, 0, 1) : 0;
  while (k + 2 < n && t > stops[k + 1].t)
    k++;
  u = (t - stops[k].t) / (stops[k + 1].t - stops[k].t);
  rgb[0] = (stops[k].r + (stops[k + 1].r - stops[k].r) * u) / 255;
  rgb[1] = (stops[k].g + (stops[k + 1].g - stops[k].g) * u) / 255;
  rgb[2] = (stops[k].b + (stops[k + 1].b - stops[k].b) * u) / 255;
}
