/* plot-contour.c: contour lines by marching squares, log-spaced levels and
 * the heat map's colour maps. Pure: no drawing. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>

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
        static const int corner_x[4] = { 0, 1, 1, 0 }, corner_y[4] = { 0, 0, 1, 1 };
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
            t = crossing (v[a], v[b], level);
            ex[e] = x0 + (i + corner_x[a] + t * (corner_x[b] - corner_x[a])) * dx;
            ey[e] = y0 + (j + corner_y[a] + t * (corner_y[b] - corner_y[a])) * dy;
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
